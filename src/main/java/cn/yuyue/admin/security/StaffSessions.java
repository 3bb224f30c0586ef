package cn.yuyue.admin.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;

import cn.yuyue.platform.Timeouts;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sign-in tokens: 256 random bits given to the client once, kept in Redis only as their SHA-256
 * under {@code yy:staff:session:{hash}} with the session's TTL, so a Redis dump reveals no usable
 * token and sessions end on their own. Each account's session hashes are listed under
 * {@code yy:staff:sessions:{username}} so a password change or reset ends all of them.
 */
@Component
class StaffSessions {

    private final ReactiveStringRedisTemplate redis;
    private final StaffProperties properties;
    private final RandomGenerator random;
    private final Clock clock;
    private final Duration timeout;

    StaffSessions(
            ReactiveStringRedisTemplate redis,
            StaffProperties properties,
            RandomGenerator secureRandom,
            Clock clock,
            Timeouts timeouts) {
        this.redis = redis;
        this.properties = properties;
        this.random = secureRandom;
        this.clock = clock;
        this.timeout = timeouts.redis();
    }

    /** A session that may do everything its role allows, or only change its password. */
    record Session(Staff staff, boolean passwordChangeOnly) {}

    record Issued(String token, Instant expiresAt) {}

    Mono<Issued> open(Staff staff, boolean passwordChangeOnly) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = hash(token);
        String value = String.join(
                "|",
                staff.username(),
                staff.role().name(),
                staff.hallCode() == null ? "" : staff.hallCode(),
                String.valueOf(passwordChangeOnly));
        Duration ttl = properties.sessionTtl();
        return redis.opsForValue()
                .set(sessionKey(hash), value, ttl)
                .then(redis.opsForSet().add(listKey(staff.username()), hash))
                .then(redis.expire(listKey(staff.username()), ttl))
                .timeout(timeout)
                .thenReturn(new Issued(token, clock.instant().plus(ttl)));
    }

    Mono<Optional<Session>> find(String token) {
        return redis.opsForValue()
                .get(sessionKey(hash(token)))
                .timeout(timeout)
                .map(StaffSessions::parse)
                .defaultIfEmpty(Optional.empty());
    }

    Mono<Void> close(String token) {
        return redis.delete(sessionKey(hash(token))).timeout(timeout).then();
    }

    /** Ends every session of the account. */
    Mono<Void> closeAll(String username) {
        return redis.opsForSet()
                .members(listKey(username))
                .map(StaffSessions::sessionKey)
                .collectList()
                .flatMap(keys -> keys.isEmpty() ? Mono.just(0L) : redis.delete(keys.toArray(String[]::new)))
                .then(redis.delete(listKey(username)))
                .timeout(timeout)
                .then();
    }

    private static Optional<Session> parse(String value) {
        String[] parts = value.split("\\|", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        Staff staff = new Staff(parts[0], StaffRole.valueOf(parts[1]), parts[2].isEmpty() ? null : parts[2]);
        return Optional.of(new Session(staff, Boolean.parseBoolean(parts[3])));
    }

    private static String sessionKey(String hash) {
        return "yy:staff:session:{" + hash + "}";
    }

    private static String listKey(String username) {
        return "yy:staff:sessions:{" + username + "}";
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
