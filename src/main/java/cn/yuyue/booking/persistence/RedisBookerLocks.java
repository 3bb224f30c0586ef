package cn.yuyue.booking.persistence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import cn.yuyue.booking.application.BookerLocks;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Booker locks as Redis keys {@code yy:lock:{phone}} holding the end of the lock in epoch
 * milliseconds and expiring with it, so a lock ends on its own. The durable copy is the
 * {@code booker_locks} table, from which the keys are restored after a Redis loss.
 */
@Component
public class RedisBookerLocks implements BookerLocks {


    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;
    private final Clock clock;

    RedisBookerLocks(ReactiveStringRedisTemplate redis, Clock clock,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        this.timeout = timeout;
        this.redis = redis;
        this.clock = clock;
    }

    /** The Redis key of a booker's lock; the lock's writer (the no-show rules) uses it too. */
    public static String key(String phone) {
        return "yy:lock:{" + phone + "}";
    }

    @Override
    public Mono<Optional<Instant>> lockedUntil(String phone) {
        return redis.opsForValue().get(key(phone))
                .timeout(timeout)
                .map(until -> Instant.ofEpochMilli(Long.parseLong(until)))
                .filter(until -> until.isAfter(clock.instant()))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }
}
