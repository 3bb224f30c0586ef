package cn.yuyue.release;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The release waiting room, under {@code yuyue.release}.
 *
 * @param daily            the release of the newest day of the window, every day at the booking
 *                         release time ({@code yuyue.booking.release-time})
 * @param joinLead         how long before opensAt a room takes tickets; from then until it closes,
 *                         a booking for the released day needs an admission pass
 * @param roomOpenFor      how long after opensAt a room stays open (the daily release's, and an
 *                         added release's unless the operator names its closing time)
 * @param hallsPerPhone    at how many halls (a count) one phone may hold a ticket in one release
 * @param marginPercent    passes out beyond the places left, in percent of them (rounded up), for
 *                         the admitted who do not book
 * @param passLife         how long a pass is good for; an unused pass then expires and its turn passes on
 * @param admitEvery       how often every instance runs an admission round over the open rooms
 * @param admitBatch       the most passes (a count) one round hands out at one hall
 * @param calendarRefresh  how often an instance re-reads the added releases from PostgreSQL; another
 *                         instance's addition is seen within this
 * @param minimumNotice    how far ahead of its opening an added release must be announced
 * @param streamPoll       how often an instance reads the line of a room its ticket streams watch
 * @param heartbeat        interval of the comment lines that keep an idle ticket stream alive
 * @param assumedAdmissionsPerSecond the admission rate, in passes per second, an estimate assumes
 *                         before any was measured
 * @param timeout          how long one Redis or PostgreSQL call of the room may take
 */
@ConfigurationProperties("yuyue.release")
record ReleaseProperties(
        @DefaultValue Daily daily,
        @DefaultValue("30m") Duration joinLead,
        @DefaultValue("1h") Duration roomOpenFor,
        @DefaultValue("3") int hallsPerPhone,
        @DefaultValue("10") int marginPercent,
        @DefaultValue("2m") Duration passLife,
        @DefaultValue("1s") Duration admitEvery,
        @DefaultValue("500") int admitBatch,
        @DefaultValue("5s") Duration calendarRefresh,
        @DefaultValue("1m") Duration minimumNotice,
        @DefaultValue("1s") Duration streamPoll,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("5") double assumedAdmissionsPerSecond,
        @DefaultValue("2s") Duration timeout) {

    ReleaseProperties {
        if (hallsPerPhone < 1) {
            throw new IllegalArgumentException(
                    "yuyue.release.halls-per-phone must be at least 1, was " + hallsPerPhone);
        }
        if (marginPercent < 0) {
            throw new IllegalArgumentException(
                    "yuyue.release.margin-percent must not be negative, was " + marginPercent);
        }
    }

    /**
     * @param enabled whether the daily release exists; off in the test profile, where tests add the
     *                releases they need, so no test depends on the time of day it runs at
     */
    record Daily(@DefaultValue("true") boolean enabled) {}

    /** Most passes out at once for a hall-day with {@code placesLeft} places. */
    int passLimit(int placesLeft) {
        if (placesLeft <= 0) {
            return 0;
        }
        return placesLeft + (int) Math.ceil(placesLeft * marginPercent / 100.0);
    }
}
