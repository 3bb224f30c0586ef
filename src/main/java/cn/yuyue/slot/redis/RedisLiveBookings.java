package cn.yuyue.slot.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.platform.redis.LuaScripts;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.InventorySource;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.SlotInventory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@link LiveBookings} on the same Redis keys as {@link RedisSlotInventory} (see
 * {@link InventoryKeys}), plus {@code yy:{HALL:DATE}:noshows}, the set of no-shows marked but not
 * yet recorded. Every change is one Lua script on one hash tag.
 */
@Component
class RedisLiveBookings implements LiveBookings {

    private static final int DAYS_KEPT_AFTER = 2;

    private final ReactiveStringRedisTemplate redis;
    private final SlotInventory inventory;
    private final RedisScript<List> changeStatus = LuaScripts.load("change-status.lua", List.class);
    private final RedisScript<List> markNoShows = LuaScripts.load("mark-no-shows.lua", List.class);
    private final RedisScript<List> hold = LuaScripts.load("hold-place.lua", List.class);
    private final RedisScript<String> settleHold = LuaScripts.load("settle-hold.lua", String.class);
    private final RedisScript<List> adjust = LuaScripts.load("adjust-capacity.lua", List.class);

    private final ReplicaAcknowledgement replicas;
    private final Duration timeout;

    RedisLiveBookings(
            ReactiveStringRedisTemplate redis,
            SlotInventory inventory,
            ObjectProvider<ReplicaAcknowledgement> replicas,
            Timeouts timeouts) {
        this.redis = redis;
        this.inventory = inventory;
        this.replicas = replicas.getIfAvailable(ReplicaAcknowledgement::none);
        this.timeout = timeouts.redis();
    }

    private static String noShows(HallDay hallDay) {
        return "yy:" + hallDay.hashTag() + ":noshows";
    }

    @Override
    public Mono<List<String>> records(HallDay hallDay) {
        return redis.<String, String>opsForHash()
                .values(new InventoryKeys(hallDay).bookings())
                .collectList()
                .timeout(timeout);
    }

    @Override
    public Mono<Optional<String>> changeStatus(HallDay hallDay, String bookingId, String from, String to, Instant now) {
        return redis.execute(
                        changeStatus,
                        List.of(new InventoryKeys(hallDay).bookings()),
                        List.of(bookingId, from, to, String.valueOf(now.toEpochMilli())))
                .next()
                .timeout(timeout)
                .map(reply -> {
                    String code = String.valueOf(reply.get(0));
                    if ("CHANGED".equals(code)) {
                        return Optional.<String>empty();
                    }
                    return Optional.of("MISSING".equals(code) ? "MISSING" : String.valueOf(reply.get(1)));
                });
    }

    @Override
    public Mono<List<String>> markNoShows(HallDay hallDay, LocalTime endedBy, Instant now) {
        return redis.execute(
                        markNoShows,
                        List.of(new InventoryKeys(hallDay).bookings(), noShows(hallDay)),
                        List.of(
                                endedBy.toString(),
                                String.valueOf(now.toEpochMilli()),
                                String.valueOf(expireAt(hallDay))))
                .next()
                .timeout(timeout)
                .map(reply -> reply.stream().map(String::valueOf).toList());
    }

    @Override
    public Mono<Void> noShowRecorded(HallDay hallDay, String bookingId) {
        return redis.opsForSet()
                .remove(noShows(hallDay), bookingId)
                .timeout(timeout)
                .then();
    }

    @Override
    public Mono<Hold> hold(
            HallDay hallDay, LocalTime start, String bookingId, String taxpayerId, String record, Instant now) {
        return holdOnce(hallDay, start, bookingId, taxpayerId, record, now)
                .flatMap(result -> result.isPresent()
                        ? Mono.just(result.get())
                        : inventory
                                .build(hallDay)
                                .then(holdOnce(hallDay, start, bookingId, taxpayerId, record, now))
                                .map(retried -> retried.orElseGet(Hold.NoSuchSlot::new)))
                .flatMap(result -> result instanceof Hold.Held
                        ? replicatedHold(hallDay, bookingId, result, now)
                        : Mono.just(result));
    }

    /** A held place counts, like a claim, only once the replicas hold it; otherwise it goes back. */
    private Mono<Hold> replicatedHold(HallDay hallDay, String bookingId, Hold held, Instant now) {
        return replicas.writesReplicated(hallDay)
                .flatMap(replicated -> replicated
                        ? Mono.just(held)
                        : settleHold(hallDay, bookingId, false, now)
                                .onErrorReturn(false)
                                .then(Mono.error(new UnreplicatedClaimException(hallDay))));
    }

    private Mono<Optional<Hold>> holdOnce(
            HallDay hallDay, LocalTime start, String bookingId, String taxpayerId, String record, Instant now) {
        InventoryKeys keys = new InventoryKeys(hallDay);
        return redis.execute(
                        hold,
                        List.of(keys.meta(), keys.remaining(), keys.taxpayers(), keys.bookings(), keys.sequence()),
                        List.of(
                                start.toString(),
                                bookingId,
                                record,
                                String.valueOf(now.toEpochMilli()),
                                String.valueOf(expireAt(hallDay)),
                                taxpayerId))
                .next()
                .timeout(timeout)
                .map(reply -> {
                    String code = String.valueOf(reply.get(0));
                    if ("HELD".equals(code)) {
                        return Optional.<Hold>of(new Hold.Held(((Number) reply.get(1)).longValue()));
                    }
                    if ("FULL".equals(code)) {
                        return Optional.<Hold>of(new Hold.Full());
                    }
                    if ("NO_SLOT".equals(code)) {
                        return Optional.<Hold>of(new Hold.NoSuchSlot());
                    }
                    return Optional.<Hold>empty();
                });
    }

    @Override
    public Mono<Boolean> settleHold(HallDay hallDay, String bookingId, boolean accept, Instant now) {
        InventoryKeys keys = new InventoryKeys(hallDay);
        return redis.execute(
                        settleHold,
                        keys.forSettleHold(),
                        List.of(bookingId, accept ? "ACCEPT" : "RELEASE", String.valueOf(now.toEpochMilli())))
                .next()
                .timeout(timeout)
                .map(reply -> !"NOT_HELD".equals(reply));
    }

    @Override
    public Mono<Adjustment> adjust(HallDay hallDay, List<InventorySource.Capacity> plan) {
        InventoryKeys keys = new InventoryKeys(hallDay);
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(plan.size()));
        for (InventorySource.Capacity capacity : plan) {
            args.add(capacity.start().toString());
            args.add(String.valueOf(capacity.places()));
        }
        return redis.execute(adjust, keys.forAdjust(), args)
                .next()
                .timeout(timeout)
                .map(reply -> {
                    String code = String.valueOf(reply.get(0));
                    if ("ADJUSTED".equals(code)) {
                        return (Adjustment) new Adjustment.Adjusted();
                    }
                    if ("NOT_BUILT".equals(code)) {
                        return new Adjustment.NotBuilt();
                    }
                    return new Adjustment.BelowTaken(
                            LocalTime.parse(String.valueOf(reply.get(1))), ((Number) reply.get(2)).intValue());
                })
                // A lowered capacity lost in a failover would let the promoted replica sell the old one.
                .flatMap(result -> result instanceof Adjustment.Adjusted
                        ? replicas.writesReplicated(hallDay)
                                .flatMap(replicated -> replicated
                                        ? Mono.just(result)
                                        : Mono.error(new UnreplicatedClaimException(hallDay)))
                        : Mono.just(result));
    }

    private static long expireAt(HallDay hallDay) {
        return hallDay.date()
                .plusDays(DAYS_KEPT_AFTER + 1L)
                .atStartOfDay(ProvinceTime.ZONE)
                .toEpochSecond();
    }
}
