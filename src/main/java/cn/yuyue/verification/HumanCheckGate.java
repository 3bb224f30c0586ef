package cn.yuyue.verification;

import java.time.Duration;

import cn.yuyue.platform.ratelimit.RateLimiter;
import cn.yuyue.platform.web.ClientAddress;
import reactor.core.publisher.Mono;

/**
 * After {@code after} codes asked for from one client address in an hour (the per-client budget's
 * window), every further code needs a solved {@link HumanCheck}: a script asking codes for
 * strangers then needs a person per code, while a person behind a shared address (an office, a
 * carrier's NAT) only has a picture to read. 0 is off. Like the budgets it fails closed: when Redis
 * cannot count or check, no SMS is sent.
 */
final class HumanCheckGate {

    private static final Duration HOUR = Duration.ofHours(1);

    private final RateLimiter limiter;
    private final HumanCheck humanCheck;
    private final int after;

    HumanCheckGate(RateLimiter limiter, HumanCheck humanCheck, int after) {
        this.limiter = limiter;
        this.humanCheck = humanCheck;
        this.after = after;
    }

    /**
     * Empty when {@code client} may have a code: below the threshold, or with a solved check (which
     * is then used up, and checked whenever it is sent); otherwise the refusal to answer with.
     */
    Mono<CodeIssue> refusal(String client, HumanCheckAnswer answer) {
        if (answer != null) {
            return humanCheck
                    .solves(answer.id(), answer.answer(), client)
                    .flatMap(solved -> solved ? Mono.<CodeIssue>empty() : Mono.just(new CodeIssue.HumanCheckFailed()));
        }
        // Requests refused here count too: asking again without a check must not reopen the door.
        return limiter.exceededOrFail(bucket(client), after, HOUR)
                .map(retryAfter -> new CodeIssue.HumanCheckRequired());
    }

    /** Per client bucket ({@link ClientAddress#bucketOf}): an IPv6 client's whole /64 shares it. */
    static String bucket(String client) {
        return "verification-codes:human-check:" + ClientAddress.bucketOf(client);
    }
}
