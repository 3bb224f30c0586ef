package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import cn.yuyue.booking.application.ClaimFate;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.HallDay;
import io.r2dbc.spi.Parameters;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies a batch of booking events to PostgreSQL in one transaction, idempotently: a confirmed
 * booking already present is left alone, so replaying a batch after a crash changes nothing.
 * Consecutive confirmations share one multi-row INSERT, the common case at a peak. Abandoned
 * claims are decided here, in log order: a claim whose confirmation came first stands, any other
 * is voided for good.
 */
@Component
class PostgresBookingWriter {

    private static final int COLUMNS = 16;

    private final DatabaseClient database;
    private final TransactionalOperator transaction;
    private final R2dbcCheckedInBookings checkIns;
    private final Duration timeout;

    PostgresBookingWriter(
            DatabaseClient database,
            TransactionalOperator transaction,
            R2dbcCheckedInBookings checkIns,
            Timeouts timeouts) {
        this.database = database;
        this.transaction = transaction;
        this.checkIns = checkIns;
        this.timeout = timeouts.postgresWrite();
    }

    /** Writes the batch and answers what it decided for the abandoned claims in it. */
    Mono<List<ClaimFate>> write(List<BookingEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(List.of());
        }
        List<BookingEvent.BookingClaimAbandoned> abandoned = events.stream()
                .filter(BookingEvent.BookingClaimAbandoned.class::isInstance)
                .map(BookingEvent.BookingClaimAbandoned.class::cast)
                .toList();
        return Flux.fromIterable(runsOf(events))
                .concatMap(this::apply)
                .then(Mono.defer(() -> fatesOf(abandoned)))
                .as(transaction::transactional)
                .timeout(timeout);
    }

    private Mono<List<ClaimFate>> fatesOf(List<BookingEvent.BookingClaimAbandoned> abandoned) {
        if (abandoned.isEmpty()) {
            return Mono.just(List.of());
        }
        String[] ids =
                abandoned.stream().map(BookingEvent::bookingId).distinct().toArray(String[]::new);
        return database.sql("SELECT id FROM bookings WHERE id = ANY($1)")
                .bind(0, ids)
                .map(row -> row.get("id", String.class))
                .all()
                .collect(Collectors.toSet())
                .map(standing -> abandoned.stream()
                        .map(claim -> new ClaimFate(
                                new HallDay(claim.hallCode(), claim.date()),
                                claim.bookingId(),
                                standing.contains(claim.bookingId())))
                        .toList());
    }

    /** The claim is void unless its confirmation is already here; a void, once written, is final. */
    private Mono<Long> voidUnlessConfirmed(BookingEvent.BookingClaimAbandoned abandoned) {
        return database.sql("INSERT INTO voided_claims (booking_id, hall_code, day, voided_at) "
                        + "SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM bookings WHERE id = $1) "
                        + "ON CONFLICT (booking_id) DO NOTHING")
                .bind(0, abandoned.bookingId())
                .bind(1, abandoned.hallCode())
                .bind(2, abandoned.date())
                .bind(3, abandoned.occurredAt().atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated();
    }

    /**
     * Confirmations of claims already voided are dropped: their claimant was answered 503 (it
     * gave up before the marker was written), and their place went back.
     */
    private Mono<Long> insertUnlessVoided(List<Booking> bookings) {
        String[] ids = bookings.stream().map(Booking::id).toArray(String[]::new);
        return database.sql("SELECT booking_id FROM voided_claims WHERE booking_id = ANY($1)")
                .bind(0, ids)
                .map(row -> row.get("booking_id", String.class))
                .all()
                .collect(Collectors.toSet())
                .flatMap(voided -> {
                    List<Booking> standing = voided.isEmpty()
                            ? bookings
                            : bookings.stream()
                                    .filter(booking -> !voided.contains(booking.id()))
                                    .toList();
                    return standing.isEmpty() ? Mono.just(0L) : insert(standing);
                });
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
                    .fetch()
                    .rowsUpdated();
        }
        if (first instanceof BookingEvent.BookingCheckedIn checkedIn) {
            // With its place in the hall's check-in feed, in the same transaction.
            return checkIns.record(checkedIn);
        }
        if (first instanceof BookingEvent.BookingMarkedNoShow noShow) {
            return changeStatus(noShow, "NO_SHOW", "'BOOKED'");
        }
        if (first instanceof BookingEvent.BookingRescheduleProposed proposed) {
            return changeStatus(proposed, "RESCHEDULE_PROPOSED", "'PENDING', 'BOOKED'");
        }
        if (first instanceof BookingEvent.BookingClaimAbandoned abandoned) {
            return voidUnlessConfirmed(abandoned);
        }
        if (first instanceof BookingEvent.BookingRescheduled rescheduled) {
            return changeStatus(rescheduled, "WITHDRAWN_BY_HALL", "'PENDING', 'BOOKED', 'RESCHEDULE_PROPOSED'");
        }
        return insertUnlessVoided(run.stream()
                .map(event -> ((BookingEvent.BookingConfirmed) event).booking())
                .toList());
    }

    /**
     * Moves a booking to {@code status} only from the given ones, so a replayed or late event never
     * undoes a later change (a check-in is not turned into a no-show, and so on).
     */
    private Mono<Long> changeStatus(BookingEvent event, String status, String from) {
        return database.sql(
                        "UPDATE bookings SET status = $1, updated_at = $2 WHERE id = $3 AND status IN (" + from + ")")
                .bind(0, status)
                .bind(1, event.occurredAt().atOffset(ZoneOffset.UTC))
                .bind(2, event.bookingId())
                .fetch()
                .rowsUpdated();
    }

    private Mono<Long> insert(List<Booking> bookings) {
        StringBuilder sql = new StringBuilder("INSERT INTO bookings (")
                .append(R2dbcBookings.COLUMNS)
                .append(") VALUES ");
        for (int row = 0; row < bookings.size(); row++) {
            sql.append(row == 0 ? "(" : ", (");
            for (int column = 1; column <= COLUMNS; column++) {
                sql.append(column == 1 ? "$" : ", $").append(row * COLUMNS + column);
            }
            sql.append(')');
        }
        sql.append(" ON CONFLICT (id) DO NOTHING");
        // All values in one call: binding one by one copies the spec's binding map each time,
        // quadratic in a 500-row batch (8,000 values), which the storm's profile showed at the top.
        List<Object> values = new ArrayList<>(bookings.size() * COLUMNS);
        for (Booking booking : bookings) {
            values.add(booking.id());
            values.add(booking.hallCode());
            values.add(booking.date());
            values.add(booking.start());
            values.add(booking.end());
            values.add(booking.appointmentSeq());
            values.add(booking.status().visible().name());
            values.add(booking.taxpayerId());
            values.add(booking.taxpayerName());
            values.add(booking.phone());
            values.add(booking.businessTypes().toArray(String[]::new));
            values.add(nullable(booking.channel().name()));
            values.add(nullable(booking.idempotencyKey()));
            values.add(nullable(booking.fingerprint()));
            values.add(booking.createdAt().atOffset(ZoneOffset.UTC));
            values.add(
                    (booking.updatedAt() == null ? booking.createdAt() : booking.updatedAt()).atOffset(ZoneOffset.UTC));
        }
        return database.sql(sql.toString()).bindValues(values).fetch().rowsUpdated();
    }

    private static Object nullable(String value) {
        return value == null ? Parameters.in(String.class) : value;
    }
}
