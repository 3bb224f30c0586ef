package cn.yuyue.warmup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The start-up warm-up, under {@code yuyue.warmup}: what a fresh instance does before it reports
 * ready, so that its first storm meets compiled code, loaded scripts and open connections.
 *
 * @param enabled         whether readiness waits for the warm-up; off, the instance is ready as
 *                        soon as Spring Boot is
 * @param bookings        booking attempts sent to the scratch hall (all answered 409 SLOT_FULL):
 *                        the path a sold-out release storm takes
 * @param reads           reads of business types, halls and a hall's slots, the pages' traffic
 * @param concurrency     requests in flight at once; enough to exercise the pools and the claim
 *                        bound, few enough not to queue on a 2-core pod
 * @param timeLimit       the longest the traffic may take; at the limit it stops, the scratch
 *                        state is removed and the instance reports ready anyway, with a warning:
 *                        a cold pod is better than none, and a failing warm-up must not keep a
 *                        pod out of service for ever
 * @param requestTimeout  the longest one warm-up request may take
 * @param attemptsPerPhone booking attempts per warm-up phone, under the per-phone rate limit
 *                        ({@code yuyue.rate-limit.phone-bookings-per-minute}, 30)
 */
@ConfigurationProperties("yuyue.warmup")
public record WarmupProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("3000") int bookings,
        @DefaultValue("600") int reads,
        @DefaultValue("16") int concurrency,
        @DefaultValue("90s") Duration timeLimit,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("25") int attemptsPerPhone) {}
