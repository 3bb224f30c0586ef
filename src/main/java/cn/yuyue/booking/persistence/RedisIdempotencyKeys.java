package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.util.List;

import cn.yuyue.booking.application.IdempotencyKeys;
import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Idempotency-Keys in Redis for ten days: longer than any booking can be retried. */
@Component
class RedisIdempotencyKeys implements IdempotencyKeys {

    private static final Duration KEPT = Duration.ofDays(10);
    private static final RedisScript<Long> REGISTER =
            LuaScripts.load("register-idempotency-key.lua", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    RedisIdempotencyKeys(ReactiveStringRedisTemplate redis,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        this.timeout = timeout;
        this.redis = redis;
    }

    @Override
    public Mono<Boolean> register(String key, String fingerprint) {
        return redis.execute(REGISTER, List.of("yy:idem:{" + key + "}"), List.of(fingerprint, String.valueOf(KEPT.toSeconds())))
                .next()
                .timeout(timeout)
                .map(registered -> registered == 1L);
    }
}
