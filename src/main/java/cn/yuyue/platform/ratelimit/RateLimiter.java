package cn.yuyue.platform.ratelimit;

import java.time.Duration;
import java.util.List;

import cn.yuyue.platform.Timeouts;
import cn.yuyue.platform.redis.LuaScripts;
import cn.yuyue.platform.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Fixed-window request counters in Redis. When Redis cannot answer, requests are let through: the
 * limiter protects the service, it must not become the reason it refuses everyone.
 */
@Component
public class RateLimiter {

    public static final String RATE_LIMITED = "RATE_LIMITED";
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final RedisScript<List> COUNT = LuaScripts.load("rate-limit.lua", List.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    public RateLimiter(ReactiveStringRedisTemplate redis, Timeouts timeouts) {
        this.redis = redis;
        this.timeout = timeouts.rateLimit();
    }

    /**
     * Counts one request of {@code bucket}; completes empty when it is within {@code limit} per
     * {@code window}, or errs with a 429 RATE_LIMITED problem carrying Retry-After.
     */
    public Mono<Void> check(String bucket, int limit, Duration window) {
        return exceeded(bucket, limit, window).flatMap(retryAfter -> Mono.error(limited(retryAfter)));
    }

    /**
     * Counts one request of {@code bucket}; completes empty when it is within {@code limit} per
     * {@code window}, else with how long until the window ends (for callers that answer with a value).
     */
    public Mono<Duration> exceeded(String bucket, int limit, Duration window) {
        return count(bucket, limit, window).timeout(timeout).onErrorResume(failure -> {
            log.debug("Rate limit of {} not counted: {}", bucket, failure.toString());
            return Mono.empty();
        });
    }

    /**
     * As {@link #exceeded}, but a failure to count is an error instead of a pass: for budgets of
     * things that cost money (SMS), where letting everything through while Redis is slow is the
     * worse failure. Bounded by the Redis client's command timeout, like every other call of the
     * callers that need it.
     */
    public Mono<Duration> exceededOrFail(String bucket, int limit, Duration window) {
        return count(bucket, limit, window);
    }

    private Mono<Duration> count(String bucket, int limit, Duration window) {
        if (limit <= 0) {
            return Mono.empty();
        }
        return redis.execute(
                        COUNT,
                        List.of("yy:rate:{" + bucket + "}"),
                        List.of(String.valueOf(limit), String.valueOf(window.toMillis())))
                .next()
                .flatMap(reply -> {
                    long count = ((Number) reply.get(0)).longValue();
                    long leftMs = ((Number) reply.get(1)).longValue();
                    return count <= limit
                            ? Mono.<Duration>empty()
                            : Mono.just(Duration.ofMillis(Math.max(1000, leftMs)));
                });
    }

    private static ApiProblem limited(Duration retryAfter) {
        return ApiProblem.of(
                        HttpStatus.TOO_MANY_REQUESTS,
                        RATE_LIMITED,
                        "Too many requests",
                        "Too many requests in a short time; please wait before trying again")
                .retryAfter(retryAfter);
    }
}
