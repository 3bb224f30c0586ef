package cn.yuyue.release;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.redis.LuaScripts;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The waiting rooms in Redis, so that every instance serves the same line: each operation is one
 * Lua script on one room (see {@link Room} for the keys), and each script's reply becomes a value
 * here and nowhere else.
 */
@Component
class RedisRooms {

    /** Room keys outlive the released day by two days, as the inventory's do. */
    private static final int DAYS_KEPT_AFTER = 2;

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;
    private final RedisScript<List> join = LuaScripts.load("room-join.lua", List.class);
    private final RedisScript<List> admit = LuaScripts.load("room-admit.lua", List.class);
    private final RedisScript<List> read = LuaScripts.load("room-read-ticket.lua", List.class);
    private final RedisScript<List> usePass = LuaScripts.load("room-use-pass.lua", List.class);
    private final RedisScript<String> settlePass = LuaScripts.load("room-settle-pass.lua", String.class);
    private final RedisScript<String> phoneHall = LuaScripts.load("room-phone-hall.lua", String.class);

    RedisRooms(ReactiveStringRedisTemplate redis, ReleaseProperties properties) {
        this.redis = redis;
        this.timeout = properties.timeout();
    }

    /** A ticket of the room and whether this call issued it. */
    record Joined(String ticket, boolean issued) {}

    /** What one admission round did at one room. */
    record Round(String outcome, boolean drew, long admitted, long expired) {}

    /**
     * The room's line as a whole: what every ticket's view is computed from besides its own
     * position and pass. One hash read; {@link RoomState#EMPTY} before the room's first ticket.
     */
    Mono<RoomState> state(Room room) {
        return redis.<String, String>opsForHash()
                .multiGet(room.meta(), List.of("drawn", "head", "soldOut", "opensAt", "admitted", "version"))
                .timeout(timeout)
                .map(RoomState::of);
    }

    /** Whether the phone may hold a ticket at the hall (counted against its limit if new). */
    Mono<Boolean> holdHallForPhone(Release release, String phone, String hallCode, int most) {
        return redis.execute(
                        phoneHall,
                        List.of(Room.hallsOfPhone(release.id(), phone)),
                        List.of(hallCode, String.valueOf(most), expireAt(release.date())))
                .next()
                .timeout(timeout)
                .map("HELD"::equals);
    }

    /** Written before the room's first ticket, so that no ticket sits in a room the rounds do not visit. */
    Mono<Void> registerHall(Release release, String hallCode) {
        String key = Room.hallsOf(release.id());
        return redis.opsForSet()
                .add(key, hallCode)
                .then(redis.expireAt(key, Instant.ofEpochSecond(Long.parseLong(expireAt(release.date())))))
                .timeout(timeout)
                .then();
    }

    Mono<List<String>> halls(String releaseId) {
        return redis.opsForSet().members(Room.hallsOf(releaseId)).collectList().timeout(timeout);
    }

    Mono<Joined> join(Release release, Room room, String ticket, String phone, Instant now, String seed) {
        List<String> args = List.of(
                ticket,
                phone,
                String.valueOf(now.toEpochMilli()),
                String.valueOf(release.opensAt().toEpochMilli()),
                seed,
                expireAt(release.date()));
        return redis.execute(join, room.forJoin(), args)
                .next()
                .timeout(timeout)
                .map(reply -> new Joined(String.valueOf(reply.get(1)), "JOINED".equals(String.valueOf(reply.get(0)))));
    }

    Mono<Round> admit(
            Release release, Room room, Instant now, int placesLeft, int passLimit, Duration passLife, int batch) {
        List<String> args = List.of(
                String.valueOf(now.toEpochMilli()),
                String.valueOf(placesLeft),
                String.valueOf(passLimit),
                String.valueOf(passLife.toMillis()),
                String.valueOf(batch),
                expireAt(release.date()));
        return redis.execute(admit, room.forAdmit(), args)
                .next()
                .timeout(timeout)
                .map(reply -> new Round(
                        String.valueOf(reply.get(0)), number(reply, 1) == 1, number(reply, 2), number(reply, 3)));
    }

    Mono<TicketSnapshot> read(Room room, String ticket) {
        return redis.execute(read, room.forRead(), List.of(ticket))
                .next()
                .timeout(timeout)
                .map(TicketSnapshot::of);
    }

    Mono<PassCheck> usePass(Room room, String pass, String phone, Instant now, String idempotencyKey) {
        List<String> args = List.of(
                pass == null ? "" : pass,
                phone,
                String.valueOf(now.toEpochMilli()),
                idempotencyKey == null ? "" : idempotencyKey);
        return redis.execute(usePass, room.forUsePass(), args)
                .next()
                .timeout(timeout)
                .map(RedisRooms::toPassCheck);
    }

    static PassCheck toPassCheck(List<?> reply) {
        String code = String.valueOf(reply.get(0));
        return switch (code) {
            case "GRANTED" -> new PassCheck.Granted(String.valueOf(reply.get(1)));
            case "NOT_REQUIRED" -> new PassCheck.NotRequired();
            case "MISSING" -> new PassCheck.Refused("join the hall's waiting room and book with its Admission-Pass");
            case "UNKNOWN" -> new PassCheck.Refused("the Admission-Pass is not one of this hall and day");
            case "WRONG_PHONE" -> new PassCheck.Refused("the Admission-Pass belongs to another phone");
            case "EXPIRED" -> new PassCheck.Refused("the Admission-Pass has expired");
            case "USED" -> new PassCheck.Refused("the Admission-Pass has booked already");
            case "IN_USE" -> new PassCheck.Refused("another booking is under way with this Admission-Pass");
            default -> throw new IllegalStateException("Unknown room-use-pass reply " + code);
        };
    }

    /** @return whether the pass is now used for good (booked) or free again (refused) */
    Mono<String> settlePass(Room room, String ticket, String idempotencyKey, boolean booked) {
        return redis.execute(
                        settlePass,
                        room.forSettlePass(),
                        List.of(ticket, idempotencyKey == null ? "" : idempotencyKey, booked ? "BOOKED" : "REFUSED"))
                .next()
                .timeout(timeout);
    }

    private static String expireAt(LocalDate date) {
        return String.valueOf(date.plusDays(DAYS_KEPT_AFTER + 1L)
                .atStartOfDay(ProvinceTime.ZONE)
                .toEpochSecond());
    }

    private static long number(List<?> reply, int index) {
        Object value = reply.get(index);
        return value instanceof Number number ? number.longValue() : 0;
    }
}
