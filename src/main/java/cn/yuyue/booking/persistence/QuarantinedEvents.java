package cn.yuyue.booking.persistence;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import cn.yuyue.booking.application.BookingEventFeed.UndecryptableEvent;
import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.platform.Timeouts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Where the writer sets aside a booking event PostgreSQL refuses for what it contains, or one whose
 * personal fields it cannot decrypt, so one bad event never stops the events behind it. Counted in
 * {@code yuyue.booking.persistence.quarantined}, which an alert watches: a quarantined
 * confirmation is a booking a client holds a 201 for.
 */
@Component
class QuarantinedEvents {

    private static final Logger log = LoggerFactory.getLogger(QuarantinedEvents.class);

    private final DatabaseClient database;
    private final BookingJson json;
    private final Clock clock;
    private final Counter quarantined;
    private final Duration timeout;

    QuarantinedEvents(DatabaseClient database, BookingJson json, Clock clock, MeterRegistry meters, Timeouts timeouts) {
        this.database = database;
        this.json = json;
        this.clock = clock;
        this.quarantined = Counter.builder("yuyue.booking.persistence.quarantined")
                .description("Booking events PostgreSQL refused for their content, set aside for an operator")
                .register(meters);
        this.timeout = timeouts.postgresWrite();
    }

    /**
     * A failure that comes back however often the event is applied (a constraint it breaks, SQL it
     * makes invalid), as opposed to an outage, which passes.
     */
    static boolean isPoison(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataIntegrityViolationException
                    || cause instanceof R2dbcDataIntegrityViolationException
                    || cause instanceof R2dbcBadGrammarException) {
                return true;
            }
        }
        return false;
    }

    Mono<Void> park(BookingEvent event, Throwable reason) {
        String booking =
                event instanceof BookingEvent.BookingConfirmed confirmed ? json.write(confirmed.booking()) : null;
        log.error(
                "Booking event {} ({} of {}) refused by PostgreSQL, quarantined: {}",
                event.eventId(),
                event.getClass().getSimpleName(),
                event.bookingId(),
                reason.toString());
        return insert(
                event.eventId(),
                event.getClass().getSimpleName(),
                event.bookingId(),
                event.hallCode(),
                event.date(),
                booking,
                String.valueOf(reason.getMessage()));
    }

    /**
     * An event whose personal fields cannot be decrypted here: the record itself is kept, still
     * encrypted, with where it was read, so that it can be appended again once its key is listed.
     */
    Mono<Void> park(UndecryptableEvent event) {
        return insert(
                event.eventId(),
                event.type(),
                event.bookingId(),
                event.hallCode(),
                event.date(),
                event.record(),
                "Cannot be decrypted (" + event.position() + "): " + event.reason());
    }

    private Mono<Void> insert(
            String eventId,
            String type,
            String bookingId,
            String hallCode,
            LocalDate day,
            String booking,
            String reason) {
        return database.sql("INSERT INTO quarantined_booking_events (event_id, event_type, booking_id, hall_code, day, "
                        + "booking, reason, quarantined_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                        + "ON CONFLICT (event_id) DO NOTHING")
                .bind(0, eventId)
                .bind(1, type)
                .bind(2, bookingId)
                .bind(3, hallCode)
                .bind(4, day)
                .bind(5, booking == null ? Parameters.in(String.class) : booking)
                .bind(6, reason)
                .bind(7, clock.instant().atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                // Counted once: a batch retried after an outage finds its quarantined events there.
                .filter(rows -> rows > 0)
                .doOnNext(rows -> quarantined.increment())
                .then();
    }
}
