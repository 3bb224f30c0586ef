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

/**
 * Booking events on the wire: one JSON envelope with a {@code type}, versioned by its fields. The
 * personal fields of a booking travel encrypted ({@link PersonalFields}); an envelope without
 * {@code personalData} was written before they were, and is read as it is.
 */
@Component
class BookingEventCodec {

    private final JsonMapper jsonMapper;
    private final PersonalFields personalFields;
    private final boolean readPlainEvents;

    BookingEventCodec(JsonMapper jsonMapper, PersonalFields personalFields, EventEncryptionProperties encryption) {
        this.jsonMapper = jsonMapper;
        this.personalFields = personalFields;
        this.readPlainEvents = encryption.readPlainEvents();
    }

    byte[] encode(BookingEvent event) {
        String type = event.getClass().getSimpleName();
        String status = event instanceof BookingEvent.BookingCancelled cancelled
                ? cancelled.status().name()
                : null;
        BookingJson.Flat booking = event instanceof BookingEvent.BookingConfirmed confirmed
                ? personalFields.encrypt(BookingJson.Flat.of(confirmed.booking()), event.eventId())
                : null;
        String newBookingId = null;
        if (event instanceof BookingEvent.BookingRescheduleProposed proposed) {
            newBookingId = proposed.newBookingId();
        } else if (event instanceof BookingEvent.BookingRescheduled rescheduled) {
            newBookingId = rescheduled.newBookingId();
        }
        Envelope envelope = new Envelope(
                type,
                event.eventId(),
                event.occurredAt().toEpochMilli(),
                event.bookingId(),
                event.hallCode(),
                event.date().toString(),
                status,
                booking,
                newBookingId,
                PersonalFields.ENCRYPTED);
        return jsonMapper.writeValueAsBytes(envelope);
    }

    /**
     * The event, or, when its personal fields cannot be decrypted here, what travels in clear.
     *
     * @throws RuntimeException for a record that is not a booking event (it goes to the dead letters)
     */
    Decoded decode(byte[] bytes) {
        Envelope envelope = jsonMapper.readValue(new String(bytes, StandardCharsets.UTF_8), Envelope.class);
        if (envelope.booking() == null) {
            return new Decoded.Readable(event(envelope));
        }
        if (envelope.personalData() == null) {
            return readPlainEvents
                    ? new Decoded.Readable(event(envelope))
                    : new Decoded.Undecryptable(
                            envelope,
                            "personal fields in clear, refused (yuyue.events.encryption.read-plain-events is false)");
        }
        if (!PersonalFields.ENCRYPTED.equals(envelope.personalData())) {
            return new Decoded.Undecryptable(envelope, "personal fields protected by an unknown scheme");
        }
        try {
            Envelope readable = envelope.withBooking(personalFields.decrypt(envelope.booking(), envelope.eventId()));
            return new Decoded.Readable(event(readable));
        } catch (FieldDecryptionException e) {
            return new Decoded.Undecryptable(envelope, e.getMessage());
        }
    }

    private static BookingEvent event(Envelope envelope) {
        Instant at = Instant.ofEpochMilli(envelope.occurredAt());
        return switch (envelope.type()) {
            case "BookingConfirmed" ->
                new BookingEvent.BookingConfirmed(
                        envelope.eventId(), at, envelope.booking().toBooking());
            case "BookingCancelled" ->
                new BookingEvent.BookingCancelled(
                        envelope.eventId(),
                        at,
                        envelope.bookingId(),
                        envelope.hallCode(),
                        LocalDate.parse(envelope.date()),
                        BookingStatus.valueOf(envelope.status()));
            case "BookingCheckedIn" ->
                new BookingEvent.BookingCheckedIn(
                        envelope.eventId(),
                        at,
                        envelope.bookingId(),
                        envelope.hallCode(),
                        LocalDate.parse(envelope.date()));
            case "BookingMarkedNoShow" ->
                new BookingEvent.BookingMarkedNoShow(
                        envelope.eventId(),
                        at,
                        envelope.bookingId(),
                        envelope.hallCode(),
                        LocalDate.parse(envelope.date()));
            case "BookingRescheduleProposed" ->
                new BookingEvent.BookingRescheduleProposed(
                        envelope.eventId(),
                        at,
                        envelope.bookingId(),
                        envelope.hallCode(),
                        LocalDate.parse(envelope.date()),
                        envelope.newBookingId());
            case "BookingClaimAbandoned" ->
                new BookingEvent.BookingClaimAbandoned(
                        envelope.eventId(),
                        at,
                        envelope.bookingId(),
                        envelope.hallCode(),
                        LocalDate.parse(envelope.date()));
            case "BookingRescheduled" ->
                new BookingEvent.BookingRescheduled(
                        envelope.eventId(),
                        at,
                        envelope.bookingId(),
                        envelope.hallCode(),
                        LocalDate.parse(envelope.date()),
                        envelope.newBookingId());
            default -> throw new IllegalArgumentException("Unknown booking event type " + envelope.type());
        };
    }

    /**
     * @param personalData how the booking's personal fields are protected: {@link PersonalFields#ENCRYPTED},
     *                     or absent in events written before they were encrypted
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(
            String type,
            String eventId,
            long occurredAt,
            String bookingId,
            String hallCode,
            String date,
            String status,
            BookingJson.Flat booking,
            String newBookingId,
            String personalData) {

        Envelope withBooking(BookingJson.Flat readable) {
            return new Envelope(
                    type, eventId, occurredAt, bookingId, hallCode, date, status, readable, newBookingId, null);
        }
    }

    /** What a record holds: an event, or one whose personal fields this instance cannot decrypt. */
    sealed interface Decoded {

        record Readable(BookingEvent event) implements Decoded {}

        /** @param reason names the field and why (a key id not listed, an altered value), never a value */
        record Undecryptable(Envelope envelope, String reason) implements Decoded {}
    }
}
