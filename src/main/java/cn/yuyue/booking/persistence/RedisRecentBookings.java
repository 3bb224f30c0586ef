package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.time.Instant;

import cn.yuyue.booking.application.RecentBookings;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A phone's recent booking ids, a sorted set by creation time kept for ten days. */
@Component
class RedisRecentBookings implements RecentBookings {

    private static final Duration KEPT = Duration.ofDays(10);
    private static final int MOST = 50;

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    RedisRecentBookings(ReactiveStringRedisTemplate redis,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        this.timeout = timeout;
        this.redis = redis;
    }

    private static String key(String phone) {
        return "yy:phone:{" + phone + "}:recent";
    }

    @Override
    public Mono<Void> remember(String phone, String bookingId, Instant createdAt) {
        String key = key(phone);
        return redis.opsForZSet().add(key, bookingId, createdAt.toEpochMilli())
                .then(redis.expire(key, KEPT))
                .timeout(timeout)
                .then();
    }

    @Override
    public Flux<String> of(String phone) {
        return redis.opsForZSet()
                .reverseRangeByScore(key(phone), Range.unbounded(), Limit.limit().count(MOST))
                .timeout(timeout);
    }
}
