package cn.yuyue.booking.application;

import java.time.Duration;
import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The booking rules and the limits of the claim path, under {@code yuyue.booking}.
 *
 * @param daysAhead        how many days ahead a slot may be booked (rule 1: 7)
 * @param releaseTime      when the places of the newest day become bookable (the daily peak)
 * @param minimumLead      how long before its start a same-day slot may still be booked (3 h)
 * @param cancelLead       until how long before the slot a booking may be cancelled (3 h)
 * @param eventTimeout     how long a claim waits for Kafka to acknowledge its event before it
 *                         gives the place back and answers 503 TRY_LATER
 * @param retryAfter       the Retry-After sent with TRY_LATER and REQUEST_IN_PROGRESS
 * @param maxClaimsInFlight the most claims one instance works on at once; more are refused with TRY_LATER
 * @param minClaimsInFlight the least the adaptive bound shrinks to (see {@link ClaimAdmission})
 * @param claimLatencyTarget how long an admitted claim may take before the bound shrinks; 0 keeps
 *                         the bound fixed at the maximum
 * @param smsConcurrency   booking and cancellation SMS one instance sends at once (the events of
 *                         one booking still one after another); at about 50 ms per gateway call,
 *                         32 keep up with some 600 messages a second
 * @param availabilityBuildWait how long a slots read waits for a hall-day being built on demand
 *                         before it answers 503 TRY_LATER (the build goes on for the next read):
 *                         a build waits for the writer to drain, up to a minute when it lags
 * @param abandonedClaimAfter how long a claim may stay unsettled before any instance asks the event
 *                         log to decide it (see {@link SweepingAbandonedClaims}); must exceed the
 *                         longest a claimant can still answer 201 (the event timeout plus the wait
 *                         for Redis replicas), with room for a stalled process
 * @param abandonedClaimSweep how often each instance looks for abandoned claims
 * @param maxActivePerPhone the most active bookings (booked, for today or a later day) one phone may
 *                         hold, whoever books with it (online, the desk, the waitlist); one more is
 *                         refused with 409 TOO_MANY_ACTIVE_BOOKINGS. Five lets an agent book for
 *                         several taxpayers while no phone takes half of a typical slot (12 places)
 */
@ConfigurationProperties("yuyue.booking")
public record BookingProperties(
        @DefaultValue("7") int daysAhead,
        @DefaultValue("08:00") LocalTime releaseTime,
        @DefaultValue("3h") Duration minimumLead,
        @DefaultValue("3h") Duration cancelLead,
        @DefaultValue("5s") Duration eventTimeout,
        @DefaultValue("2s") Duration retryAfter,
        @DefaultValue("512") int maxClaimsInFlight,
        @DefaultValue("16") int minClaimsInFlight,
        @DefaultValue("250ms") Duration claimLatencyTarget,
        @DefaultValue("32") int smsConcurrency,
        @DefaultValue("10s") Duration availabilityBuildWait,
        @DefaultValue("30s") Duration abandonedClaimAfter,
        @DefaultValue("10s") Duration abandonedClaimSweep,
        @DefaultValue("5") int maxActivePerPhone) {

    public BookingProperties {
        if (smsConcurrency < 1) {
            throw new IllegalArgumentException(
                    "yuyue.booking.sms-concurrency must be at least 1, was " + smsConcurrency);
        }
        if (maxActivePerPhone < 1) {
            throw new IllegalArgumentException(
                    "yuyue.booking.max-active-per-phone must be at least 1, was " + maxActivePerPhone);
        }
    }
}
