package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.yuyue.booking.application.RecentBookings;
import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A phone's recent booking ids, a sorted set by creation time under the phone's hash tag, kept for
 * ten days and trimmed to the newest 50, as no more are ever read.
 */
@Component
class RedisRecentBookings implements RecentBookings {

    private static final Duration KEPT = Duration.ofDays(10);
    private static final int MOST = 50;
    private static final RedisScript<Long> REMEMBER = LuaScripts.load("remember-recent-booking.lua", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    RedisRecentBookings(ReactiveStringRedisTemplate redis, @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        this.timeout = timeout;
        this.redis = redis;
    }

    static String key(String phone) {
        return PhoneKeys.of(phone, "recent");
    }

    @Override
    public Mono<Void> remember(String phone, String bookingId, Instant createdAt) {
        return redis.execute(
                        REMEMBER,
                        List.of(key(phone)),
                        List.of(
                                bookingId,
                                String.valueOf(createdAt.toEpochMilli()),
                                String.valueOf(MOST),
                                String.valueOf(KEPT.toSeconds())))
                .next()
                .timeout(timeout)
                .then();
    }

    @Override
    public Flux<String> of(String phone) {
        return redis.opsForZSet()
                .reverseRangeByScore(
                        key(phone), Range.unbounded(), Limit.limit().count(MOST))
                .timeout(timeout);
    }
}
