package cn.yuyue.slot;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;

/**
 * The live places of every open hall-day, and the bookings holding them.
 *
 * <p>The port every booking decision goes through. Each method is atomic for one hall-day: a place
 * goes to exactly one claim however many race for it. The inventory is rebuildable state; the
 * durable record of bookings is PostgreSQL, fed through Kafka. Adapters fail closed: when the store
 * errs, the returned publisher errs and nothing is booked.
 */
public interface SlotInventory {

    /** Takes a place, or says why not. Builds the hall-day first if it is not built yet. */
    Mono<ClaimResult> claim(PlaceClaim claim);

    /** The claim's event is durable: the held place becomes a booking. */
    Mono<Boolean> confirm(HallDay hallDay, String bookingId);

    /** The claim's event could not be made durable: the place goes back as if never taken. */
    Mono<Boolean> release(HallDay hallDay, String bookingId);

    /**
     * Claims still PENDING that were made before {@code claimedBefore}, oldest first, at most
     * {@code limit}: their claimant never settled them, so their fate must be decided for them.
     * Places held for reschedule proposals are not claims and are never listed.
     */
    Mono<List<String>> abandonedClaims(HallDay hallDay, Instant claimedBefore, int limit);

    /**
     * A confirmed booking stops holding its place (cancelled by the taxpayer, withdrawn by the hall).
     *
     * @return whether a place was returned (false if the booking held none any more)
     */
    Mono<Boolean> returnPlace(HallDay hallDay, String bookingId, String newStatus, Instant now);

    /** The record of a booking held in this hall-day, as JSON, if the inventory knows it. */
    Mono<Optional<String>> record(HallDay hallDay, String bookingId);

    /** Places left per slot start; empty when the hall-day is not built (yet). */
    Mono<Map<LocalTime, Integer>> remaining(HallDay hallDay);

    /** Whether the hall-day is built: one cheap read, nothing is built by asking. */
    Mono<Boolean> isBuilt(HallDay hallDay);

    /** Builds the hall-day from the durable record if it is not built; idempotent. */
    Mono<Void> build(HallDay hallDay);

    /**
     * Removes the hall-day from the inventory altogether, bookings and all. Only for a scratch
     * hall-day that never held a booking (the start-up warm-up's); a real one is rebuilt from the
     * durable record instead.
     */
    Mono<Void> discard(HallDay hallDay);
}
