package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.yuyue.booking.application.BookerLocks;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Booker locks in the key {@link RedisBookerChecks} reads ({@code yy:lock:{PHONE}}, the end in
 * epoch ms), set with {@code set-booker-lock.lua} so that the value and its expiry land together.
 */
@Component
class RedisBookerLocks implements BookerLocks {

    private static final RedisScript<String> SET_LOCK = LuaScripts.load("set-booker-lock.lua", String.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    RedisBookerLocks(ReactiveStringRedisTemplate redis, Timeouts timeouts) {
        this.redis = redis;
        this.timeout = timeouts.redis();
    }

    @Override
    public Mono<Void> enforce(String phone, Instant until) {
        return redis.execute(
                        SET_LOCK,
                        List.of(RedisBookerChecks.lockKey(phone)),
                        List.of(String.valueOf(until.toEpochMilli()), String.valueOf(until.getEpochSecond())))
                .next()
                .timeout(timeout)
                .then();
    }

    @Override
    public Mono<Void> lift(String phone) {
        return redis.delete(RedisBookerChecks.lockKey(phone)).timeout(timeout).then();
    }
}
