package cn.yuyue.admin.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Throttles guessing at staff passwords without handing a stranger the power to lock the owner out.
 * Attempts are counted in Redis (shared by every instance) per (account, client) pair and per
 * account: {@link StaffProperties#lockAfter()} failures lock only that pair; beyond
 * {@link StaffProperties#delayAfter()} attempts on the account from anyone, every attempt on it waits
 * a little longer, up to {@link StaffProperties#maxDelay()}. Each attempt is counted before its
 * password is checked, in the same step that checks the lock, and a success removes the counts.
 *
 * <p>Its Redis calls are bounded by the client's command timeout ({@code spring.data.redis.timeout})
 * and fail closed: a sign-in that cannot be counted is not checked.
 */
@Component
class SignInThrottle {

    private static final Duration LEAST_RETRY = Duration.ofSeconds(1);
    private static final RedisScript<List> ATTEMPT = LuaScripts.load("sign-in-attempt.lua", List.class);

    private final ReactiveStringRedisTemplate redis;
    private final StaffProperties properties;

    SignInThrottle(ReactiveStringRedisTemplate redis, StaffProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Whether an attempt may check its password, and after how long. */
    sealed interface Decision {

        /** Go ahead after {@code delay}; {@code locksPair} when a failure of this attempt locks the pair. */
        record Allowed(Duration delay, boolean locksPair) implements Decision {}

        /** The pair is locked for {@code lockedFor} more. */
        record Locked(Duration lockedFor) implements Decision {}
    }

    /** Counts one attempt of {@code username} from {@code client} and decides on it. */
    Mono<Decision> attempt(String username, String client) {
        return redis.execute(
                        ATTEMPT,
                        attemptKeys(username, client),
                        List.of(
                                String.valueOf(properties.failureWindow().toMillis()),
                                String.valueOf(properties.lockAfter()),
                                String.valueOf(properties.lockFor().toMillis())))
                .next()
                .map(this::decision);
    }

    private Decision decision(List<?> reply) {
        long allowed = ((Number) reply.get(0)).longValue();
        if (allowed == 0) {
            Duration left = Duration.ofMillis(((Number) reply.get(1)).longValue());
            return new Decision.Locked(left.compareTo(LEAST_RETRY) < 0 ? LEAST_RETRY : left);
        }
        long pairAttempts = ((Number) reply.get(1)).longValue();
        long accountAttempts = ((Number) reply.get(2)).longValue();
        Duration delay =
                properties.delayStep().multipliedBy(Math.max(0, accountAttempts - 1 - properties.delayAfter()));
        if (delay.compareTo(properties.maxDelay()) > 0) {
            delay = properties.maxDelay();
        }
        return new Decision.Allowed(delay, pairAttempts >= properties.lockAfter());
    }

    /** The owner got in from this client: their earlier mistakes, and the account's count, are forgiven. */
    Mono<Void> succeeded(String username, String client) {
        String account = keyOf(username);
        return redis.delete(pairKey(account, client), accountKey(account)).then();
    }

    /** Ends every pair's lock and the slow-down (the password was reset). */
    Mono<Void> clear(String username) {
        String account = keyOf(username);
        return redis.opsForValue()
                .increment(generationKey(account))
                .then(redis.delete(accountKey(account)))
                .then();
    }

    /**
     * The username as it appears in keys. Real usernames match {@link ManagingAccounts#USERNAME_PATTERN};
     * anything else a client sends is hashed, so it cannot break the hash tag or bloat a key.
     */
    static String keyOf(String username) {
        if (username.matches(ManagingAccounts.USERNAME_PATTERN)) {
            return username;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
            return "~" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The keys of sign-in-attempt.lua, all in the slot of the account's hash tag. */
    static List<String> attemptKeys(String username, String client) {
        String account = keyOf(username);
        return List.of(pairKey(account, client), accountKey(account), generationKey(account));
    }

    private static String pairKey(String account, String client) {
        return "yy:staff:signin:{" + account + "}:client:" + client;
    }

    private static String accountKey(String account) {
        return "yy:staff:signin:{" + account + "}:account";
    }

    private static String generationKey(String account) {
        return "yy:staff:signin:{" + account + "}:generation";
    }
}
