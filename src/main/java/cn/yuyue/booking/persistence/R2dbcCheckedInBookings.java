package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import cn.yuyue.booking.application.CheckedInBookings;
import cn.yuyue.booking.model.AppointmentNumber;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.platform.Timeouts;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The check-in feed in PostgreSQL ({@code check_in_feed}, V11): written by the event consumer as it
 * applies a check-in, read by the queue systems' pull.
 */
@Component
class R2dbcCheckedInBookings implements CheckedInBookings {

    /**
     * Checks the booking in and, only if that changed it, gives it the hall's next position. One
     * statement: the counter's row lock is held to the end of the writer's transaction, which orders
     * the hall's positions by commit.
     */
    private static final String CHECK_IN = """
            WITH changed AS (
                UPDATE bookings SET status = 'CHECKED_IN', updated_at = $1
                WHERE id = $2 AND status IN ('PENDING', 'BOOKED')
                RETURNING id, hall_code, day, slot_start, slot_end, appointment_seq, business_types),
            counted AS (
                INSERT INTO check_in_positions (hall_code, last_position)
                SELECT hall_code, 1 FROM changed
                ON CONFLICT (hall_code) DO UPDATE SET last_position = check_in_positions.last_position + 1
                RETURNING hall_code, last_position)
            INSERT INTO check_in_feed (hall_code, position, booking_id, day, slot_start, slot_end, appointment_seq,
                                       business_types, checked_in_at)
            SELECT changed.hall_code, counted.last_position, changed.id, changed.day, changed.slot_start,
                   changed.slot_end, changed.appointment_seq, changed.business_types, $1
            FROM changed JOIN counted ON counted.hall_code = changed.hall_code
            ON CONFLICT (booking_id) DO NOTHING""";

    private final DatabaseClient database;
    private final Duration timeout;

    R2dbcCheckedInBookings(DatabaseClient database, Timeouts timeouts) {
        this.database = database;
        this.timeout = timeouts.postgres();
    }

    /** Applies a check-in inside the writer's transaction; 1 when it is new, 0 for a replay. */
    Mono<Long> record(BookingEvent.BookingCheckedIn checkedIn) {
        return database.sql(CHECK_IN)
                .bind(0, checkedIn.occurredAt().atOffset(ZoneOffset.UTC))
                .bind(1, checkedIn.bookingId())
                .fetch()
                .rowsUpdated();
    }

    @Override
    public Flux<CheckIn> after(String hallCode, long position, int limit) {
        return database.sql(
                        "SELECT position, day, slot_start, slot_end, appointment_seq, business_types, checked_in_at "
                                + "FROM check_in_feed WHERE hall_code = $1 AND position > $2 ORDER BY position LIMIT $3")
                .bind(0, hallCode)
                .bind(1, position)
                .bind(2, limit)
                .map(R2dbcCheckedInBookings::checkIn)
                .all()
                .timeout(timeout);
    }

    private static CheckIn checkIn(Readable row) {
        return new CheckIn(
                row.get("position", Long.class),
                AppointmentNumber.format(row.get("appointment_seq", Long.class)),
                row.get("day", LocalDate.class),
                row.get("slot_start", LocalTime.class),
                row.get("slot_end", LocalTime.class),
                List.of(row.get("business_types", String[].class)),
                row.get("checked_in_at", OffsetDateTime.class).toInstant());
    }
}
