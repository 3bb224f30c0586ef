package cn.yuyue.waitlist;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.redis.LuaScripts;
import cn.yuyue.slot.ClaimResult;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.PlaceClaim;
import cn.yuyue.slot.redis.InventoryKeys;
import cn.yuyue.slot.redis.ReplicaAcknowledgement;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live waiting lines in Redis, one per hall-day, beside the hall-day's inventory and under its
 * hash tag, so that a script can move a place between the inventory and the line atomically:
 *
 * <pre>
 * yy:{HALL:DATE}:line-built    string  present once the line is built from PostgreSQL
 * yy:{HALL:DATE}:line          zset    entry id -> seq (joining order)
 * yy:{HALL:DATE}:line-entries  hash    entry id -> {@link LineEntry} JSON
 * yy:{HALL:DATE}:waiting       hash    HH:mm -> entries wanting the slot (read by the inventory's scripts)
 * yy:{HALL:DATE}:reserved      hash    HH:mm -> free places kept for the slot's line
 * </pre>
 *
 * The inventory's keys ({@code meta}, {@code remaining}, ...) are named as
 * {@code cn.yuyue.slot.redis.InventoryKeys} names them.
 */
@Component
class RedisWaitingLines {

    private static final int DAYS_KEPT_AFTER = 2;

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration timeout;
    private final ReplicaAcknowledgement replicas;
    private final RedisScript<List> join = LuaScripts.load("join-waitlist.lua", List.class);
    private final RedisScript<String> leave = LuaScripts.load("leave-waitlist.lua", String.class);
    private final RedisScript<List> take = LuaScripts.load("take-waitlist-place.lua", List.class);
    private final RedisScript<String> build = LuaScripts.load("build-line.lua", String.class);
    private final RedisScript<Long> releaseReserved = LuaScripts.load("release-reserved.lua", Long.class);

    RedisWaitingLines(
            ReactiveStringRedisTemplate redis,
            JsonMapper json,
            Clock clock,
            WaitlistProperties properties,
            ObjectProvider<ReplicaAcknowledgement> replicas) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.timeout = properties.storeTimeout();
        this.replicas = replicas.getIfAvailable(ReplicaAcknowledgement::none);
    }

    /** What joining the live line decided. */
    sealed interface Join {
        record Joined() implements Join {}

        record NoSuchSlot(String start) implements Join {}

        record Duplicate() implements Join {}

        record NotFull(String start) implements Join {}

        record InventoryNotBuilt() implements Join {}

        record LineNotBuilt() implements Join {}
    }

    /** The live line of a hall-day and the free places of its slots, read together for serving. */
    record LineState(
            boolean built,
            Map<LocalTime, Integer> reserved,
            Map<LocalTime, Integer> remaining,
            Map<LocalTime, Integer> waiting,
            List<LineEntry> inOrder) {}

    Mono<Join> join(WaitlistEntry entry, boolean restore) {
        InventoryKeys keys = new InventoryKeys(entry.hallDay());
        return redis.execute(
                        join,
                        List.of(
                                keys.meta(),
                                keys.remaining(),
                                keys.taxpayers(),
                                built(keys),
                                line(keys),
                                entries(keys),
                                keys.waiting(),
                                keys.reserved()),
                        List.of(
                                entry.id(),
                                String.valueOf(entry.seq()),
                                json.writeValueAsString(LineEntry.of(entry)),
                                String.valueOf(expireAt(entry.hallDay())),
                                restore ? "RESTORE" : "JOIN"))
                .next()
                .timeout(timeout)
                .map(reply -> switch (String.valueOf(reply.get(0))) {
                    case "JOINED" -> new Join.Joined();
                    case "NO_SLOT" -> new Join.NoSuchSlot(String.valueOf(reply.get(1)));
                    case "DUPLICATE" -> new Join.Duplicate();
                    case "NOT_FULL" -> new Join.NotFull(String.valueOf(reply.get(1)));
                    case "NOT_BUILT" -> new Join.InventoryNotBuilt();
                    case "LINE_NOT_BUILT" -> new Join.LineNotBuilt();
                    default -> throw new IllegalStateException("Unknown join-waitlist reply " + reply.get(0));
                });
    }

    /** Takes the entry out of the live line; false if it was not in it. */
    Mono<Boolean> leave(HallDay hallDay, String entryId) {
        InventoryKeys keys = new InventoryKeys(hallDay);
        return redis.execute(
                        leave,
                        List.of(line(keys), entries(keys), keys.waiting(), keys.reserved(), keys.remaining()),
                        List.of(entryId))
                .next()
                .timeout(timeout)
                .map("LEFT"::equals);
    }

    /**
     * An entry first in line for the claim's slot, {@code entryId}, takes a free place of it as the
     * given claim (with n free places, the first n entries in line for the slot may). Answers like a
     * claim: anything that leaves the place where it is (the places are for entries ahead, the
     * entry is gone) is {@code Full}.
     */
    Mono<ClaimResult> take(String entryId, PlaceClaim claim) {
        InventoryKeys keys = new InventoryKeys(claim.hallDay());
        List<String> keyList = List.of(
                keys.meta(),
                keys.remaining(),
                keys.taxpayers(),
                keys.idempotency(),
                keys.bookings(),
                keys.sequence(),
                keys.pending(),
                built(keys),
                line(keys),
                entries(keys),
                keys.waiting(),
                keys.reserved());
        List<String> args = List.of(
                claim.start().toString(),
                entryId,
                claim.taxpayerId(),
                claim.idempotencyKey(),
                claim.fingerprint(),
                claim.bookingId(),
                claim.record(),
                String.valueOf(clock.millis()),
                String.valueOf(expireAt(claim.hallDay())));
        return redis.execute(take, keyList, args)
                .next()
                .timeout(timeout)
                .map(RedisWaitingLines::toClaimResult)
                .flatMap(result ->
                        result instanceof ClaimResult.Claimed ? replicated(claim, result) : Mono.just(result));
    }

    /**
     * A place taken only on the primary is not taken. The hold is left PENDING: the sweep for
     * abandoned claims hands it to the event log, which gives it back; the entry, still WAITING in
     * PostgreSQL, is restored to its line by {@link ExpiringWaitlist}.
     */
    private Mono<ClaimResult> replicated(PlaceClaim claim, ClaimResult claimed) {
        return replicas.writesReplicated(claim.hallDay())
                .flatMap(held -> held
                        ? Mono.just(claimed)
                        : Mono.error(new IllegalStateException("A waitlist claim on " + claim.hallDay()
                                + " was not acknowledged by a Redis replica")));
    }

    static ClaimResult toClaimResult(List<?> reply) {
        String code = String.valueOf(reply.get(0));
        return switch (code) {
            case "CLAIMED" ->
                new ClaimResult.Claimed(String.valueOf(reply.get(1)), ((Number) reply.get(2)).longValue());
            case "REPLAYED" -> new ClaimResult.Replayed(String.valueOf(reply.get(1)));
            case "DUPLICATE" -> new ClaimResult.Duplicate(String.valueOf(reply.get(1)));
            case "NO_SLOT" -> new ClaimResult.NoSuchSlot();
            case "GONE", "NOT_HEAD", "NOT_BUILT", "LINE_NOT_BUILT" -> new ClaimResult.Full();
            default -> throw new IllegalStateException("Unknown take-waitlist-place reply " + code);
        };
    }

    /** Builds the live line from the hall-day's WAITING entries unless it is built; idempotent. */
    Mono<Void> build(HallDay hallDay, List<WaitlistEntry> waiting) {
        InventoryKeys keys = new InventoryKeys(hallDay);
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(clock.millis()));
        args.add(String.valueOf(expireAt(hallDay)));
        args.add(String.valueOf(waiting.size()));
        for (WaitlistEntry entry : waiting) {
            args.add(String.valueOf(entry.seq()));
            args.add(json.writeValueAsString(LineEntry.of(entry)));
        }
        return redis.execute(
                        build, List.of(built(keys), line(keys), entries(keys), keys.waiting(), keys.reserved()), args)
                .next()
                .timeout(timeout)
                .then();
    }

    /**
     * Gives the places kept for a slot's line to the open market, always or only if nobody waits
     * for the slot; answers how many.
     */
    Mono<Long> releaseReserved(HallDay hallDay, LocalTime start, boolean onlyIfNobodyWaits) {
        InventoryKeys keys = new InventoryKeys(hallDay);
        return redis.execute(
                        releaseReserved,
                        List.of(keys.reserved(), keys.remaining(), keys.waiting()),
                        List.of(start.toString(), onlyIfNobodyWaits ? "IF_NOBODY_WAITS" : "ALWAYS"))
                .next()
                .timeout(timeout);
    }

    Mono<LineState> state(HallDay hallDay) {
        InventoryKeys keys = new InventoryKeys(hallDay);
        Mono<Boolean> built = redis.hasKey(built(keys));
        Mono<Map<LocalTime, Integer>> reserved = counts(keys.reserved());
        Mono<Map<LocalTime, Integer>> remaining = counts(keys.remaining());
        Mono<Map<LocalTime, Integer>> waiting = counts(keys.waiting());
        Mono<List<LineEntry>> inOrder = redis.opsForZSet()
                .range(line(keys), org.springframework.data.domain.Range.unbounded())
                .collectList()
                .zipWith(redis.<String, String>opsForHash()
                        .entries(entries(keys))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue))
                .map(both -> both.getT1().stream()
                        .filter(both.getT2()::containsKey)
                        .map(id -> json.readValue(both.getT2().get(id), LineEntry.class))
                        .toList());
        return Mono.zip(built, reserved, remaining, waiting, inOrder)
                .timeout(timeout)
                .map(all -> new LineState(all.getT1(), all.getT2(), all.getT3(), all.getT4(), all.getT5()));
    }

    Mono<Boolean> isBuilt(HallDay hallDay) {
        return redis.hasKey(built(new InventoryKeys(hallDay))).timeout(timeout);
    }

    /** Whether the entry is in its live line (false also when the line is not built). */
    Mono<Boolean> inLine(HallDay hallDay, String entryId) {
        return redis.opsForZSet()
                .score(line(new InventoryKeys(hallDay)), entryId)
                .timeout(timeout)
                .map(score -> true)
                .defaultIfEmpty(false);
    }

    private Mono<Map<LocalTime, Integer>> counts(String key) {
        return redis.<String, String>opsForHash()
                .entries(key)
                .collectMap(
                        entry -> LocalTime.parse(entry.getKey()),
                        entry -> Integer.parseInt(entry.getValue()),
                        TreeMap::new);
    }

    private static long expireAt(HallDay hallDay) {
        return hallDay.date()
                .plusDays(DAYS_KEPT_AFTER + 1L)
                .atStartOfDay(ProvinceTime.ZONE)
                .toEpochSecond();
    }

    /** The line's own keys, beside the hall-day's inventory keys under the same hash tag. */
    private static String built(InventoryKeys keys) {
        return keys.key("line-built");
    }

    private static String line(InventoryKeys keys) {
        return keys.key("line");
    }

    private static String entries(InventoryKeys keys) {
        return keys.key("line-entries");
    }
}
