package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

import cn.yuyue.booking.application.BookingRecords;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.platform.Timeouts;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of the durable booking record in PostgreSQL. */
@Component
class R2dbcBookings implements BookingRecords {

    static final String COLUMNS = BookingRows.COLUMNS;

    private final DatabaseClient database;
    private final Duration timeout;

    R2dbcBookings(DatabaseClient database, Timeouts timeouts) {
        this.database = database;
        this.timeout = timeouts.postgres();
    }

    @Override
    public Mono<Optional<Booking>> byId(String id) {
        return database.sql("SELECT " + COLUMNS + " FROM bookings WHERE id = :id")
                .bind("id", id)
                .map(BookingRows::toBooking)
                .one()
                .timeout(timeout)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Flux<Booking> byPhone(String phone, int limit) {
        return database.sql("SELECT " + COLUMNS
                        + " FROM bookings WHERE phone = :phone ORDER BY created_at DESC LIMIT :limit")
                .bind("phone", phone)
                .bind("limit", limit)
                .map(BookingRows::toBooking)
                .all()
                .timeout(timeout);
    }

    /**
     * The hall's active bookings (BOOKED, also with an open reschedule proposal) of {@code today}
     * and later days, for restoring the phones' counts; the hall-day index finds them.
     */
    Flux<Booking> activeOfHallFrom(String hallCode, LocalDate today) {
        return database.sql("SELECT " + COLUMNS + " FROM bookings WHERE hall_code = :hall AND day >= :today "
                        + "AND status IN ('BOOKED', 'RESCHEDULE_PROPOSED')")
                .bind("hall", hallCode)
                .bind("today", today)
                .map(BookingRows::toBooking)
                .all()
                .timeout(timeout);
    }

    /** Also for rebuilding the hall-day's inventory. */
    @Override
    public Flux<Booking> ofHallDay(String hallCode, LocalDate day) {
        return database.sql("SELECT " + COLUMNS + " FROM bookings WHERE hall_code = :hall AND day = :day")
                .bind("hall", hallCode)
                .bind("day", day)
                .map(BookingRows::toBooking)
                .all()
                .timeout(timeout);
    }

    @Override
    public Flux<Booking> lookalikes(String hallCode, LocalDate today, long appointmentSeq, int days) {
        return database.sql("SELECT " + COLUMNS + " FROM bookings WHERE appointment_seq = :seq "
                        + "AND status IN ('BOOKED', 'CHECKED_IN', 'RESCHEDULE_PROPOSED') "
                        + "AND ((hall_code = :hall AND day BETWEEN :from AND :to AND day <> :today) "
                        + "OR (hall_code <> :hall AND day = :today)) LIMIT 50")
                .bind("seq", appointmentSeq)
                .bind("hall", hallCode)
                .bind("from", today.minusDays(days))
                .bind("to", today.plusDays(days))
                .bind("today", today)
                .map(BookingRows::toBooking)
                .all()
                .timeout(timeout);
    }

    /** The highest appointment sequence handed out for a hall-day, cancelled bookings included. */
    Mono<Long> highestSeq(String hallCode, LocalDate day) {
        return database.sql(
                        "SELECT COALESCE(MAX(appointment_seq), 0) AS seq FROM bookings WHERE hall_code = :hall AND day = :day")
                .bind("hall", hallCode)
                .bind("day", day)
                .map(row -> row.get("seq", Long.class))
                .one()
                .timeout(timeout);
    }
}
