package cn.yuyue.slot;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * What a hall's own operations do to the live bookings of a hall-day beside claims and
 * cancellations: read them all, move one between statuses that keep the place (check-in, a
 * reschedule proposal), mark no-shows, hold a place for a proposal, and re-plan capacity.
 * Each method is one atomic step on one hall-day, like {@link SlotInventory}'s.
 */
public interface LiveBookings {

    /** Every booking record (JSON) the hall-day holds, in no order; empty when not built. */
    Mono<List<String>> records(HallDay hallDay);

    /**
     * Moves a booking from {@code from} to {@code to} if it is in {@code from}.
     *
     * @return empty when it moved; otherwise the status it is in ({@code "MISSING"} if unknown)
     */
    Mono<Optional<String>> changeStatus(HallDay hallDay, String bookingId, String from, String to, Instant now);

    /**
     * Marks every BOOKED booking whose slot ended by {@code endedBy} as NO_SHOW and answers the ids
     * marked but not yet {@link #noShowRecorded recorded}, this sweep's and earlier ones'.
     */
    Mono<List<String>> markNoShows(HallDay hallDay, LocalTime endedBy, Instant now);

    /** The no-show's event is durable and the booker's count updated: drop it from the pending set. */
    Mono<Void> noShowRecorded(HallDay hallDay, String bookingId);

    /** Holds a place in a slot for a reschedule proposal; the record stays PENDING until settled. */
    Mono<Hold> hold(HallDay hallDay, LocalTime start, String bookingId, String taxpayerId, String record, Instant now);

    /** Accepts (place becomes a booking) or releases a held place; false if nothing was held. */
    Mono<Boolean> settleHold(HallDay hallDay, String bookingId, boolean accept, Instant now);

    /** Applies a new capacity plan to a built hall-day; refuses to go below the places taken. */
    Mono<Adjustment> adjust(HallDay hallDay, List<InventorySource.Capacity> plan);

    /** What a hold decided. */
    sealed interface Hold {
        record Held(long appointmentSeq) implements Hold {}

        record Full() implements Hold {}

        record NoSuchSlot() implements Hold {}
    }

    /** What a capacity change decided. */
    sealed interface Adjustment {
        record Adjusted() implements Adjustment {}

        /** The hall-day is not built: its next build reads the new plan, nothing to do. */
        record NotBuilt() implements Adjustment {}

        /** A slot holds more places than the new plan gives it; nothing changed. */
        record BelowTaken(LocalTime start, int taken) implements Adjustment {}
    }
}
