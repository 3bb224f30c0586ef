package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies a batch of booking events to PostgreSQL in one transaction, idempotently: a confirmed
 * booking already present is left alone, so replaying a batch after a crash changes nothing.
 * Consecutive confirmations share one multi-row INSERT, the common case at a peak.
 */
@Component
class PostgresBookingWriter {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int COLUMNS = 16;

    private final DatabaseClient database;
    private final TransactionalOperator transaction;

    PostgresBookingWriter(DatabaseClient database, TransactionalOperator transaction) {
        this.database = database;
        this.transaction = transaction;
    }

    Mono<Void> write(List<BookingEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(runsOf(events))
                .concatMap(this::apply)
                .then()
                .as(transaction::transactional)
                .timeout(TIMEOUT);
    }

    /** Splits the batch into runs of confirmations and single other events, keeping their order. */
    private static List<List<BookingEvent>> runsOf(List<BookingEvent> events) {
        List<List<BookingEvent>> runs = new ArrayList<>();
        List<BookingEvent> confirmations = new ArrayList<>();
        for (BookingEvent event : events) {
            if (event instanceof BookingEvent.BookingConfirmed) {
                confirmations.add(event);
                continue;
            }
            if (!confirmations.isEmpty()) {
                runs.add(confirmations);
                confirmations = new ArrayList<>();
            }
            runs.add(List.of(event));
        }
        if (!confirmations.isEmpty()) {
            runs.add(confirmations);
        }
        return runs;
    }

    private Mono<Long> apply(List<BookingEvent> run) {
        BookingEvent first = run.get(0);
        if (first instanceof BookingEvent.BookingCancelled cancelled) {
            return database.sql("UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 "
                            + "AND status IN ('PENDING', 'BOOKED', 'RESCHEDULE_PROPOSED')")
                    .bind(0, cancelled.status().name())
                    .bind(1, cancelled.occurredAt().atOffset(ZoneOffset.UTC))
                    .bind(2, cancelled.bookingId())
                    .fetch().rowsUpdated();
        }
        if (first instanceof BookingEvent.BookingCheckedIn checkedIn) {
            return changeStatus(checkedIn, "CHECKED_IN", "'PENDING', 'BOOKED'");
        }
        if (first instanceof BookingEvent.BookingMarkedNoShow noShow) {
            return changeStatus(noShow, "NO_SHOW", "'BOOKED'");
        }
        if (first instanceof BookingEvent.BookingRescheduleProposed proposed) {
            return changeStatus(proposed, "RESCHEDULE_PROPOSED", "'PENDING', 'BOOKED'");
        }
        if (first instanceof BookingEvent.BookingRescheduled rescheduled) {
            return changeStatus(rescheduled, "WITHDRAWN_BY_HALL", "'PENDING', 'BOOKED', 'RESCHEDULE_PROPOSED'");
        }
        return insert(run.stream()
                .map(event -> ((BookingEvent.BookingConfirmed) event).booking())
                .toList());
    }

    /**
     * Moves a booking to {@code status} only from the given ones, so a replayed or late event never
     * undoes a later change (a check-in is not turned into a no-show, and so on).
     */
    private Mono<Long> changeStatus(BookingEvent event, String status, String from) {
        return database.sql("UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status IN (" + from + ")")
                .bind(0, status)
                .bind(1, event.occurredAt().atOffset(ZoneOffset.UTC))
                .bind(2, event.bookingId())
                .fetch().rowsUpdated();
    }

    private Mono<Long> insert(List<Booking> bookings) {
        StringBuilder sql = new StringBuilder("INSERT INTO bookings (").append(R2dbcBookings.COLUMNS).append(") VALUES ");
        for (int row = 0; row < bookings.size(); row++) {
            sql.append(row == 0 ? "(" : ", (");
            for (int column = 1; column <= COLUMNS; column++) {
                sql.append(column == 1 ? "$" : ", $").append(row * COLUMNS + column);
            }
            sql.append(')');
        }
        sql.append(" ON CONFLICT (id) DO NOTHING");
        DatabaseClient.GenericExecuteSpec spec = database.sql(sql.toString());
        int index = 0;
        for (Booking booking : bookings) {
            spec = spec.bind(index++, booking.id())
                    .bind(index++, booking.hallCode())
                    .bind(index++, booking.date())
                    .bind(index++, booking.start())
                    .bind(index++, booking.end())
                    .bind(index++, booking.appointmentSeq())
                    .bind(index++, booking.status().visible().name())
                    .bind(index++, booking.taxpayerId())
                    .bind(index++, booking.taxpayerName())
                    .bind(index++, booking.phone())
                    .bind(index++, booking.businessTypes().toArray(String[]::new));
            spec = bindNullable(spec, index++, booking.channel().name());
            spec = bindNullable(spec, index++, booking.idempotencyKey());
            spec = bindNullable(spec, index++, booking.fingerprint());
            spec = spec.bind(index++, booking.createdAt().atOffset(ZoneOffset.UTC))
                    .bind(index++, (booking.updatedAt() == null ? booking.createdAt() : booking.updatedAt())
                            .atOffset(ZoneOffset.UTC));
        }
        return spec.fetch().rowsUpdated();
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, int index,
                                                                  String value) {
        return value == null ? spec.bindNull(index, String.class) : spec.bind(index, value);
    }
}
