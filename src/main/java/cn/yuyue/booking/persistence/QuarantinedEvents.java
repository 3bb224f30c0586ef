package cn.yuyue.booking.persistence;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.model.BookingEvent;
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
 * Where the writer sets aside a booking event PostgreSQL refuses for what it contains, so one bad
 * event never stops the events behind it. Counted in {@code yuyue.booking.persistence.quarantined},
 * which an alert watches: a quarantined confirmation is a booking a client holds a 201 for.
 */
@Component
class QuarantinedEvents {

    private static final Logger log = LoggerFactory.getLogger(QuarantinedEvents.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DatabaseClient database;
    private final BookingJson json;
    private final Clock clock;
    private final Counter quarantined;

    QuarantinedEvents(DatabaseClient database, BookingJson json, Clock clock, MeterRegistry meters) {
        this.database = database;
        this.json = json;
        this.clock = clock;
        this.quarantined = Counter.builder("yuyue.booking.persistence.quarantined")
                .description("Booking events PostgreSQL refused for their content, set aside for an operator")
                .register(meters);
    }

    /**
     * A failure that comes back however often the event is applied (a constraint it breaks, SQL it
     * makes invalid), as opposed to an outage, which passes.
     */
    static boolean isPoison(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataIntegrityViolationException || cause instanceof R2dbcDataIntegrityViolationException
                    || cause instanceof R2dbcBadGrammarException) {
                return true;
            }
        }
        return false;
    }

    Mono<Void> park(BookingEvent event, Throwable reason) {
        String booking = event instanceof BookingEvent.BookingConfirmed confirmed ? json.write(confirmed.booking()) : null;
        log.error("Booking event {} ({} of {}) refused by PostgreSQL, quarantined: {}", event.eventId(),
                event.getClass().getSimpleName(), event.bookingId(), reason.toString());
        return database.sql("INSERT INTO quarantined_booking_events (event_id, event_type, booking_id, hall_code, day, "
                        + "booking, reason, quarantined_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                        + "ON CONFLICT (event_id) DO NOTHING")
                .bind(0, event.eventId())
                .bind(1, event.getClass().getSimpleName())
                .bind(2, event.bookingId())
                .bind(3, event.hallCode())
                .bind(4, event.date())
                .bind(5, booking == null ? Parameters.in(String.class) : booking)
                .bind(6, String.valueOf(reason.getMessage()))
                .bind(7, clock.instant().atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated()
                .timeout(TIMEOUT)
                .doOnNext(rows -> quarantined.increment())
                .then();
    }
}
