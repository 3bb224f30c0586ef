package cn.yuyue.admin.reschedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.HallDay;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reschedule proposals in PostgreSQL ({@code reschedule_proposals}). */
@Component
class RescheduleProposals {

    private static final String COLUMNS = "booking_id, hall_code, new_booking_id, new_day, new_start, new_end, reason, "
            + "deadline, status, proposed_by, created_at, decided_at, new_hall_code";

    private final DatabaseClient database;
    private final Duration timeout;

    RescheduleProposals(DatabaseClient database, Timeouts timeouts) {
        this.database = database;
        this.timeout = timeouts.postgres();
    }

    /**
     * @param hallCode    the hall of the booking, whose staff proposed
     * @param newHallCode the hall of the new place: the same hall, or another of the same city
     */
    record Proposal(
            String bookingId,
            String hallCode,
            String newBookingId,
            LocalDate newDay,
            LocalTime newStart,
            LocalTime newEnd,
            String reason,
            Instant deadline,
            String status,
            String proposedBy,
            Instant createdAt,
            Instant decidedAt,
            String newHallCode) {

        /** The hall-day in which the new place is held. */
        HallDay newHallDay() {
            return new HallDay(newHallCode, newDay);
        }
    }

    Mono<Void> insert(Proposal proposal) {
        return database.sql("INSERT INTO reschedule_proposals (" + COLUMNS + ") VALUES (:booking, :hall, :newBooking, "
                        + ":day, :start, :end, :reason, :deadline, 'PROPOSED', :by, :now, NULL, :newHall) "
                        + "ON CONFLICT (booking_id) DO UPDATE SET new_booking_id = EXCLUDED.new_booking_id, "
                        + "new_hall_code = EXCLUDED.new_hall_code, new_day = EXCLUDED.new_day, new_start = EXCLUDED.new_start, new_end = EXCLUDED.new_end, "
                        + "reason = EXCLUDED.reason, deadline = EXCLUDED.deadline, status = 'PROPOSED', "
                        + "proposed_by = EXCLUDED.proposed_by, created_at = EXCLUDED.created_at, decided_at = NULL "
                        + "WHERE reschedule_proposals.status <> 'PROPOSED'")
                .bind("booking", proposal.bookingId())
                .bind("hall", proposal.hallCode())
                .bind("newBooking", proposal.newBookingId())
                .bind("newHall", proposal.newHallCode())
                .bind("day", proposal.newDay())
                .bind("start", proposal.newStart())
                .bind("end", proposal.newEnd())
                .bind("reason", proposal.reason())
                .bind("deadline", proposal.deadline().atOffset(ZoneOffset.UTC))
                .bind("by", proposal.proposedBy())
                .bind("now", proposal.createdAt().atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .flatMap(rows -> rows == 1
                        ? Mono.<Void>empty()
                        : Mono.error(new IllegalStateException("A proposal for " + proposal.bookingId() + " is open")));
    }

    Mono<Optional<Proposal>> find(String bookingId) {
        return database.sql("SELECT " + COLUMNS + " FROM reschedule_proposals WHERE booking_id = :id")
                .bind("id", bookingId)
                .map(RescheduleProposals::proposal)
                .one()
                .timeout(timeout)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    /** Records the answer once; false if the proposal was answered already. */
    Mono<Boolean> decide(String bookingId, String status, Instant now) {
        return database.sql("UPDATE reschedule_proposals SET status = :status, decided_at = :now "
                        + "WHERE booking_id = :id AND status = 'PROPOSED'")
                .bind("status", status)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("id", bookingId)
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .map(rows -> rows == 1);
    }

    Mono<Void> delete(String bookingId) {
        return database.sql("DELETE FROM reschedule_proposals WHERE booking_id = :id AND status = 'PROPOSED'")
                .bind("id", bookingId)
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .then();
    }

    Flux<Proposal> overdue(Instant now) {
        return database.sql("SELECT " + COLUMNS + " FROM reschedule_proposals WHERE status = 'PROPOSED' "
                        + "AND deadline <= :now ORDER BY deadline LIMIT 500")
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map(RescheduleProposals::proposal)
                .all()
                .timeout(timeout);
    }

    private static Proposal proposal(Readable row) {
        return new Proposal(
                row.get("booking_id", String.class),
                row.get("hall_code", String.class),
                row.get("new_booking_id", String.class),
                row.get("new_day", LocalDate.class),
                row.get("new_start", LocalTime.class),
                row.get("new_end", LocalTime.class),
                row.get("reason", String.class),
                instant(row.get("deadline", OffsetDateTime.class)),
                row.get("status", String.class),
                row.get("proposed_by", String.class),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("decided_at", OffsetDateTime.class)),
                row.get("new_hall_code", String.class));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
