package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.yuyue.booking.application.BookerCheck;
import cn.yuyue.booking.application.BookerChecks;
import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The booker checks as one Lua script ({@code admit-booking.lua}) on two keys of the phone's hash
 * tag, so a booking asks Redis once and the script runs unchanged on Redis Cluster:
 * <ul>
 *   <li>{@code yy:lock:{PHONE}}: the end of the booker's lock in epoch ms, expiring with it; the
 *       no-show rules write it, and restore it from the {@code booker_locks} table after a Redis
 *       loss</li>
 *   <li>{@code yy:idem:{PHONE}:KEY}: the fingerprint of the first request with the key, kept ten
 *       days: longer than any booking can be retried</li>
 * </ul>
 */
@Component
public class RedisBookerChecks implements BookerChecks {

    private static final Duration KEY_KEPT = Duration.ofDays(10);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADMIT = LuaScripts.load("admit-booking.lua", List.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    RedisBookerChecks(ReactiveStringRedisTemplate redis, @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    /** The Redis key of a booker's lock; {@link RedisBookerLocks} writes it. */
    public static String lockKey(String phone) {
        return "yy:lock:{" + phone + "}";
    }

    /** The keys of {@code admit-booking.lua}, all in the phone's cluster slot. */
    static List<String> keys(String phone, String idempotencyKey) {
        return List.of(lockKey(phone), "yy:idem:{" + phone + "}:" + idempotencyKey);
    }

    @Override
    public Mono<BookerCheck> check(String phone, String key, String fingerprint, Instant now) {
        return redis.execute(
                        ADMIT,
                        keys(phone, key),
                        List.of(String.valueOf(now.toEpochMilli()), fingerprint, String.valueOf(KEY_KEPT.toSeconds())))
                .next()
                .timeout(timeout)
                .map(RedisBookerChecks::toCheck);
    }

    @Override
    public Mono<Void> forget(String phone, String key) {
        return redis.unlink(keys(phone, key).get(1)).timeout(timeout).then();
    }

    static BookerCheck toCheck(List<?> reply) {
        String code = String.valueOf(reply.get(0));
        return switch (code) {
            case "ADMITTED" -> new BookerCheck.Admitted();
            case "LOCKED" -> new BookerCheck.Locked(Instant.ofEpochMilli(Long.parseLong(String.valueOf(reply.get(1)))));
            case "KEY_REUSED" -> new BookerCheck.KeyReused();
            default -> throw new IllegalStateException("Unknown admit-booking reply " + code);
        };
    }
}
