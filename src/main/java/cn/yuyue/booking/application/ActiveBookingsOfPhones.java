package cn.yuyue.booking.application;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * The bookings each phone holds that still count against its cap, kept under the phone's own hash
 * tag (the claim works on the hall-day's keys, in another cluster slot). A booking is counted
 * before its place is claimed, atomically against the cap, so parallel requests of one phone
 * cannot pass the cap together; it is taken out again when the claim is refused or the booking
 * stops being active.
 *
 * <p>The counts are live state like the inventory: an implementation that can lose them (Redis
 * losing its memory) restores every phone's count from the durable record before it counts again.
 */
public interface ActiveBookingsOfPhones {

    /**
     * Counts {@code bookingId} for {@code phone} unless the phone already holds {@code cap} bookings.
     *
     * @param today bookings of days before it stop counting by themselves (their id names their day)
     * @return empty when counted; otherwise the ids the phone holds and when each was counted,
     *         nothing counted
     */
    Mono<Map<String, Instant>> count(String phone, String bookingId, LocalDate today, int cap, Instant now);

    /**
     * The booking no longer counts (refused claim, cancellation, void, check-in, no-show,
     * withdrawal); idempotent.
     */
    Mono<Void> uncount(String phone, String bookingId);

    /**
     * {@code toId} counts for {@code phone} instead of {@code fromId}, in one step and without the
     * cap (an accepted reschedule replaces a booking); idempotent.
     */
    Mono<Void> move(String phone, String fromId, String toId, Instant now);
}
