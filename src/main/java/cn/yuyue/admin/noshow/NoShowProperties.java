package cn.yuyue.admin.noshow;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * No-shows and the booker lock (rule 6 of the notice), under {@code yuyue.no-shows}.
 *
 * @param sweepEvery  how often ended slots are swept for no-shows (every instance sweeps; a Redis
 *                    lease per hall-day keeps them from doing the same hall-day at once)
 * @param grace       how long after a slot ends its bookings become no-shows (the check-in window
 *                    closes at {@code yuyue.check-in.closes-after}; keep this at least as long)
 * @param lockAfter   how many no-shows within {@code countWithin} lock the booker (3: the third
 *                    locks)
 * @param lockFor     how long the lock lasts (90 days)
 * @param countWithin how far back no-shows count; older ones are forgiven
 */
@ConfigurationProperties("yuyue.no-shows")
public record NoShowProperties(
        @DefaultValue("1m") Duration sweepEvery,
        @DefaultValue("0m") Duration grace,
        @DefaultValue("3") int lockAfter,
        @DefaultValue("90d") Duration lockFor,
        @DefaultValue("365d") Duration countWithin) {}
