package cn.yuyue.verification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The answers of live image captchas, one key per challenge, {@code yy:hc:{hc:ID}}: hash
 * {@code digest, expiresAt (epoch ms), triesLeft}. The hash tag keeps each script on one Redis
 * Cluster node. Time comes from the caller's clock; Redis expiry only cleans up. Each call is
 * bounded by the Redis client's command timeout ({@code spring.data.redis.timeout}), like the code
 * store's.
 */
final class RedisHumanCheckAnswers {

    /** Keeps a key a little past its expiry, so a clock a little behind Redis's still sees it expire. */
    private static final Duration CLEANUP_MARGIN = Duration.ofMinutes(1);

    private final ReactiveStringRedisTemplate redis;
    private final RedisScript<Long> store;

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> solve;

    RedisHumanCheckAnswers(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
        // Read once here; reading the script per call would be file I/O on an event loop.
        this.store = LuaScripts.load("human-check-store.lua", Long.class);
        this.solve = LuaScripts.load("human-check-solve.lua", List.class);
    }

    Mono<Void> store(String id, String digest, Instant now, Instant expiresAt, int tries) {
        return redis.execute(
                        store,
                        List.of(key(id)),
                        List.of(
                                digest,
                                String.valueOf(expiresAt.toEpochMilli()),
                                String.valueOf(tries),
                                String.valueOf(Duration.between(now, expiresAt)
                                        .plus(CLEANUP_MARGIN)
                                        .toMillis())))
                .then();
    }

    /** True when {@code digest} is the live challenge's answer; it is then used up. */
    Mono<Boolean> solve(String id, String digest, Instant now) {
        return redis.execute(solve, List.of(key(id)), List.of(String.valueOf(now.toEpochMilli()), digest))
                .next()
                .map(RedisHumanCheckAnswers::solved);
    }

    // The one place where human-check-solve.lua's return codes get their meaning.
    private static boolean solved(List<?> reply) {
        long status = (Long) reply.get(0);
        if (status == 0) {
            return true;
        }
        if (status == 1 || status == 2) {
            return false;
        }
        throw new IllegalStateException("Unknown reply from human-check-solve.lua: " + reply);
    }

    static String key(String id) {
        return "yy:hc:{hc:" + id + "}";
    }
}
