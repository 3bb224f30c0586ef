package cn.yuyue.verification;

import java.time.Duration;

import cn.yuyue.platform.ratelimit.RateLimiter;
import cn.yuyue.platform.web.ClientAddress;
import reactor.core.publisher.Mono;

/**
 * How many codes one client, and everyone together, may ask for: the per-phone limits alone let one
 * client send SMS to any number of phones (cost, harassment of strangers, the gateway's quota spent
 * at a deadline). Counted in Redis across instances; a limit of 0 is off. Unlike the request rate
 * limits these fail closed: when Redis cannot count, no SMS is sent (the code store needs Redis too).
 */
final class CodeBudgets {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String EVERYONE = "verification-codes:all";

    private final RateLimiter limiter;
    private final int perClientPerHour;
    private final int perMinute;

    CodeBudgets(RateLimiter limiter, int perClientPerHour, int perMinute) {
        this.limiter = limiter;
        this.perClientPerHour = perClientPerHour;
        this.perMinute = perMinute;
    }

    /**
     * Spends one code of {@code client}'s and of the global budget; empty when both allow it, an
     * error when Redis could not count.
     */
    Mono<CodeIssue.BudgetSpent> spend(String client) {
        return limiter.exceededOrFail(
                        "verification-codes:client:" + ClientAddress.bucketOf(client), perClientPerHour, HOUR)
                .map(retryAfter -> new CodeIssue.BudgetSpent(retryAfter, true))
                .switchIfEmpty(Mono.defer(() -> limiter.exceededOrFail(EVERYONE, perMinute, MINUTE)
                        .map(retryAfter -> new CodeIssue.BudgetSpent(retryAfter, false))));
    }
}
