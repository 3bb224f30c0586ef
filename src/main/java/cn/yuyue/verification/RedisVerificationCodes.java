package cn.yuyue.verification;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Live codes and per-phone limits in Redis, one atomic Lua script per operation.
 *
 * <p>Keys of one phone share the hash tag {@code {phone:NUMBER}} so each script runs on one Redis
 * Cluster node:
 * <ul>
 *   <li>{@code yy:vc:{phone:N}:code}: hash {@code digest, expiresAt (epoch ms), attemptsLeft}</li>
 *   <li>{@code yy:vc:{phone:N}:resend}: epoch ms before which no new code is sent</li>
 *   <li>{@code yy:vc:{phone:N}:day:YYYYMMDD}: codes sent on that province day</li>
 * </ul>
 * Time comes from the caller's clock; Redis expiry only cleans up.
 */
final class RedisVerificationCodes {

    /** The day counter outlives its day a little, so a clock skewed across midnight still counts. */
    private static final Duration DAY_COUNTER_RETENTION = Duration.ofHours(48);

    private final ReactiveStringRedisTemplate redis;
    private final VerificationProperties limits;

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> issue;

    @SuppressWarnings("rawtypes")
    private final RedisScript<List> check;

    private final RedisScript<Long> withdraw;

    RedisVerificationCodes(ReactiveStringRedisTemplate redis, VerificationProperties limits) {
        this.redis = redis;
        this.limits = limits;
        // Script text is read once here; reading it per call would be file I/O on an event loop.
        this.issue = LuaScripts.load("verification-code-issue.lua", List.class);
        this.check = LuaScripts.load("verification-code-check.lua", List.class);
        this.withdraw = LuaScripts.load("verification-code-withdraw.lua", Long.class);
    }

    /** Stores {@code digest} as the phone's only live code, unless a limit refuses. */
    Mono<CodeIssue> issue(String phone, String digest, Instant now) {
        return redis.execute(
                        issue,
                        issueKeys(phone, now),
                        List.of(
                                millis(now),
                                digest,
                                String.valueOf(limits.codeTtl().toMillis()),
                                String.valueOf(limits.resendInterval().toMillis()),
                                String.valueOf(limits.dailyLimit()),
                                String.valueOf(DAY_COUNTER_RETENTION.toMillis()),
                                String.valueOf(limits.maxAttempts())))
                .next()
                .map(reply -> toIssue(reply, now));
    }

    /** Compares {@code digest} with the phone's live code, using up an attempt or the code. */
    Mono<CodeCheck> check(String phone, String digest, Instant now) {
        return redis.execute(check, List.of(codeKey(phone)), List.of(millis(now), digest))
                .next()
                .map(RedisVerificationCodes::toCheck);
    }

    /**
     * Undoes {@link #issue} of the code with {@code digest} when its SMS could not be sent, so the user
     * may try again at once and the failure costs them none of their daily codes.
     */
    Mono<Void> withdraw(String phone, String digest, Instant issuedAt) {
        return redis.execute(withdraw, issueKeys(phone, issuedAt), List.of(digest))
                .then();
    }

    // The one place where the scripts' return codes get their meaning (see the scripts' headers).
    private CodeIssue toIssue(List<?> reply, Instant now) {
        long status = (Long) reply.get(0);
        long value = (Long) reply.get(1);
        if (status == 0) {
            return new CodeIssue.Issued(limits.codeTtl());
        }
        if (status == 1) {
            return new CodeIssue.TooSoon(Duration.ofMillis(value));
        }
        if (status == 2) {
            return new CodeIssue.DailyLimitReached(untilNextProvinceDay(now));
        }
        throw new IllegalStateException("Unknown reply from verification-code-issue.lua: " + reply);
    }

    private static CodeCheck toCheck(List<?> reply) {
        long status = (Long) reply.get(0);
        long value = (Long) reply.get(1);
        if (status == 0) {
            return new CodeCheck.Matched();
        }
        if (status == 1) {
            return new CodeCheck.Mismatched((int) value);
        }
        if (status == 2) {
            return new CodeCheck.NoLiveCode();
        }
        throw new IllegalStateException("Unknown reply from verification-code-check.lua: " + reply);
    }

    private static Duration untilNextProvinceDay(Instant now) {
        Instant midnight = LocalDate.ofInstant(now, ProvinceTime.ZONE)
                .plusDays(1)
                .atStartOfDay(ProvinceTime.ZONE)
                .toInstant();
        return Duration.between(now, midnight);
    }

    static List<String> issueKeys(String phone, Instant now) {
        String day = LocalDate.ofInstant(now, ProvinceTime.ZONE).format(DateTimeFormatter.BASIC_ISO_DATE);
        return List.of(codeKey(phone), prefix(phone) + "resend", prefix(phone) + "day:" + day);
    }

    private static String codeKey(String phone) {
        return prefix(phone) + "code";
    }

    private static String prefix(String phone) {
        return "yy:vc:{phone:" + phone + "}:";
    }

    private static String millis(Instant now) {
        return String.valueOf(now.toEpochMilli());
    }
}
