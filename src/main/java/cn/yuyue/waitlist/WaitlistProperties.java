package cn.yuyue.waitlist;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The waitlist for full slots, under {@code yuyue.waitlist}.
 *
 * @param maxActivePerPhone how many entries one phone may have WAITING at once, across halls and
 *                          days; a line of entries from one agent would block everybody behind it
 * @param serveEvery        how often each instance looks for places kept for a line and books the
 *                          first entry in line; bounds the delay between a freed place and the
 *                          waiting agent's booking
 * @param daysRefresh       how often each instance re-reads from PostgreSQL which hall-days have
 *                          waiting entries (entries joined on other instances)
 * @param expirySweep       how often each instance expires entries none of whose slots can still be
 *                          booked (each starts within the booking lead, or the day passed), and
 *                          settles entries whose booking became durable without their state
 * @param storeTimeout      how long one Redis script or PostgreSQL statement of the waitlist may take
 */
@ConfigurationProperties("yuyue.waitlist")
record WaitlistProperties(
        @DefaultValue("3") int maxActivePerPhone,
        @DefaultValue("250ms") Duration serveEvery,
        @DefaultValue("2s") Duration daysRefresh,
        @DefaultValue("30s") Duration expirySweep,
        @DefaultValue("5s") Duration storeTimeout) {

    WaitlistProperties {
        if (maxActivePerPhone < 1) {
            throw new IllegalArgumentException("yuyue.waitlist.max-active-per-phone must be at least 1");
        }
    }
}
