package cn.yuyue.admin.security;

import java.time.Duration;
import java.util.List;

import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Slows down, then locks, guessing at staff passwords: failures are counted per username in Redis
 * (shared by every instance); beyond {@link StaffProperties#delayAfter()} each failure answers
 * later, and {@link StaffProperties#lockAfter()} failures lock the account for a while.
 */
@Component
class SignInThrottle {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final RedisScript<List> FAILURE = LuaScripts.load("sign-in-failure.lua", List.class);

    private final ReactiveStringRedisTemplate redis;
    private final StaffProperties properties;

    SignInThrottle(ReactiveStringRedisTemplate redis, StaffProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** How long the account stays locked; zero when it is not. */
    Mono<Duration> lockedFor(String username) {
        return redis.getExpire(lockKey(username))
                .timeout(TIMEOUT)
                .map(ttl -> ttl.isNegative() ? Duration.ZERO : ttl)
                .defaultIfEmpty(Duration.ZERO);
    }

    /** Counts a failure; answers how long to hold the answer back and whether it locked the account. */
    Mono<Failure> failed(String username) {
        return redis.execute(FAILURE, List.of(failuresKey(username), lockKey(username)),
                        List.of(String.valueOf(properties.failureWindow().toMillis()),
                                String.valueOf(properties.lockAfter()),
                                String.valueOf(properties.lockFor().toMillis())))
                .next()
                .timeout(TIMEOUT)
                .map(reply -> {
                    long failures = ((Number) reply.get(0)).longValue();
                    long lockMs = ((Number) reply.get(1)).longValue();
                    long beyond = Math.max(0, failures - properties.delayAfter());
                    return new Failure(properties.delayStep().multipliedBy(beyond), Duration.ofMillis(lockMs));
                });
    }

    Mono<Void> succeeded(String username) {
        return redis.delete(failuresKey(username)).timeout(TIMEOUT).then();
    }

    /** Ends a lock early (the operator reset the password). */
    Mono<Void> clear(String username) {
        return redis.delete(failuresKey(username), lockKey(username)).timeout(TIMEOUT).then();
    }

    record Failure(Duration delay, Duration lockedFor) {
        boolean locked() {
            return !lockedFor.isZero();
        }
    }

    private static String failuresKey(String username) {
        return "yy:staff:signin-failures:{" + username + "}";
    }

    private static String lockKey(String username) {
        return "yy:staff:signin-locked:{" + username + "}";
    }
}
