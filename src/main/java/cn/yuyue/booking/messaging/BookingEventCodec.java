package cn.yuyue.booking.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Booking events on the wire: one JSON envelope with a {@code type}, versioned by its fields. */
@Component
class BookingEventCodec {

    private final JsonMapper jsonMapper;

    BookingEventCodec(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    byte[] encode(BookingEvent event) {
        String type = event.getClass().getSimpleName();
        String status = event instanceof BookingEvent.BookingCancelled cancelled ? cancelled.status().name() : null;
        BookingJson.Flat booking = event instanceof BookingEvent.BookingConfirmed confirmed
                ? BookingJson.Flat.of(confirmed.booking()) : null;
        String newBookingId = null;
        if (event instanceof BookingEvent.BookingRescheduleProposed proposed) {
            newBookingId = proposed.newBookingId();
        } else if (event instanceof BookingEvent.BookingRescheduled rescheduled) {
            newBookingId = rescheduled.newBookingId();
        }
        Envelope envelope = new Envelope(type, event.eventId(), event.occurredAt().toEpochMilli(), event.bookingId(),
                event.hallCode(), event.date().toString(), status, booking, newBookingId);
        return jsonMapper.writeValueAsBytes(envelope);
    }

    /** @throws RuntimeException for a record that is not a booking event (it goes to the dead letters) */
    BookingEvent decode(byte[] bytes) {
        Envelope envelope = jsonMapper.readValue(new String(bytes, StandardCharsets.UTF_8), Envelope.class);
        Instant at = Instant.ofEpochMilli(envelope.occurredAt());
        return switch (envelope.type()) {
            case "BookingConfirmed" -> new BookingEvent.BookingConfirmed(envelope.eventId(), at,
                    envelope.booking().toBooking());
            case "BookingCancelled" -> new BookingEvent.BookingCancelled(envelope.eventId(), at, envelope.bookingId(),
                    envelope.hallCode(), LocalDate.parse(envelope.date()), BookingStatus.valueOf(envelope.status()));
            case "BookingCheckedIn" -> new BookingEvent.BookingCheckedIn(envelope.eventId(), at, envelope.bookingId(),
                    envelope.hallCode(), LocalDate.parse(envelope.date()));
            case "BookingMarkedNoShow" -> new BookingEvent.BookingMarkedNoShow(envelope.eventId(), at,
                    envelope.bookingId(), envelope.hallCode(), LocalDate.parse(envelope.date()));
            case "BookingRescheduleProposed" -> new BookingEvent.BookingRescheduleProposed(envelope.eventId(), at,
                    envelope.bookingId(), envelope.hallCode(), LocalDate.parse(envelope.date()), envelope.newBookingId());
            case "BookingClaimAbandoned" -> new BookingEvent.BookingClaimAbandoned(envelope.eventId(), at,
                    envelope.bookingId(), envelope.hallCode(), LocalDate.parse(envelope.date()));
            case "BookingRescheduled" -> new BookingEvent.BookingRescheduled(envelope.eventId(), at,
                    envelope.bookingId(), envelope.hallCode(), LocalDate.parse(envelope.date()), envelope.newBookingId());
            default -> throw new IllegalArgumentException("Unknown booking event type " + envelope.type());
        };
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(String type, String eventId, long occurredAt, String bookingId, String hallCode, String date,
                    String status, BookingJson.Flat booking, String newBookingId) {
    }
}
