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

    /** The booking no longer counts (refused claim, cancellation, void, no-show); idempotent. */
    Mono<Void> uncount(String phone, String bookingId);
}
