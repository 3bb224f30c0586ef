package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.yuyue.booking.application.ActiveBookingsOfPhones;
import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A phone's active bookings as a sorted set {@code yy:phone:{PHONE}:active} (booking id → when it
 * was counted), counted against the cap by one script ({@code count-phone-booking.lua}). Nothing is
 * counted while the sets may have been lost with Redis's memory and are not restored yet
 * ({@link PhoneCountRestoration}).
 */
@Component
class RedisActiveBookingsOfPhones implements ActiveBookingsOfPhones {

    /** Longer than the booking window: every member has left by its score well before. */
    static final Duration KEPT = Duration.ofDays(10);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> COUNT = LuaScripts.load("count-phone-booking.lua", List.class);

    private static final RedisScript<Long> MOVE = LuaScripts.load("move-phone-booking.lua", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final PhoneCountRestoration restoration;
    private final Duration timeout;

    RedisActiveBookingsOfPhones(
            ReactiveStringRedisTemplate redis,
            PhoneCountRestoration restoration,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        this.redis = redis;
        this.restoration = restoration;
        this.timeout = timeout;
    }

    static String key(String phone) {
        return PhoneKeys.of(phone, "active");
    }

    @Override
    public Mono<Map<String, Instant>> count(String phone, String bookingId, LocalDate today, int cap, Instant now) {
        return restoration
                .restored()
                .then(Mono.defer(() -> redis.execute(
                                COUNT,
                                List.of(key(phone)),
                                List.of(
                                        String.valueOf(now.toEpochMilli()),
                                        bookingId,
                                        DateTimeFormatter.BASIC_ISO_DATE.format(today),
                                        String.valueOf(cap),
                                        String.valueOf(KEPT.toSeconds())))
                        .next()
                        .timeout(timeout)))
                .map(RedisActiveBookingsOfPhones::held);
    }

    static Map<String, Instant> held(List<?> reply) {
        String code = String.valueOf(reply.get(0));
        return switch (code) {
            case "COUNTED" -> Map.of();
            case "AT_CAP" -> {
                Map<String, Instant> held = new LinkedHashMap<>();
                for (int i = 1; i + 1 < reply.size(); i += 2) {
                    held.put(String.valueOf(reply.get(i)), Instant.ofEpochMilli((long)
                            Double.parseDouble(String.valueOf(reply.get(i + 1)))));
                }
                yield held;
            }
            default -> throw new IllegalStateException("Unknown count-phone-booking reply " + code);
        };
    }

    @Override
    public Mono<Void> move(String phone, String fromId, String toId, Instant now) {
        return redis.execute(
                        MOVE,
                        List.of(key(phone)),
                        List.of(String.valueOf(now.toEpochMilli()), fromId, toId, String.valueOf(KEPT.toSeconds())))
                .next()
                .timeout(timeout)
                .then();
    }

    @Override
    public Mono<Void> uncount(String phone, String bookingId) {
        return redis.opsForZSet().remove(key(phone), bookingId).timeout(timeout).then();
    }
}
