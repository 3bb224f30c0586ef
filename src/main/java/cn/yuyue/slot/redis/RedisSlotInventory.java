package cn.yuyue.slot.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.ClaimResult;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.InventorySource;
import cn.yuyue.slot.PlaceClaim;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The inventory in Redis: one hash-tagged set of keys per hall-day, changed only by the atomic Lua
 * scripts in {@code resources/redis}. See {@link InventoryKeys} for the layout.
 */
public class RedisSlotInventory implements SlotInventory {

    private static final Logger log = LoggerFactory.getLogger(RedisSlotInventory.class);
    /** Keys outlive their day by two days so late check-ins, no-show sweeps and reads still find them. */
    private static final int DAYS_KEPT_AFTER = 2;

    private final ReactiveStringRedisTemplate redis;
    private final InventorySource source;
    private final Clock clock;
    private final Duration timeout;
    private final ReplicaAcknowledgement replicas;
    private final InventoryScripts scripts = InventoryScripts.load();
    /** Concurrent claims on an unbuilt hall-day share one build instead of each starting one. */
    private final Map<HallDay, Mono<Void>> buildsInFlight = new ConcurrentHashMap<>();

    public RedisSlotInventory(
            ReactiveStringRedisTemplate redis,
            InventorySource source,
            Clock clock,
            Duration timeout,
            ReplicaAcknowledgement replicas) {
        this.redis = redis;
        this.source = source;
        this.clock = clock;
        this.timeout = timeout;
        this.replicas = replicas;
    }

    @Override
    public Mono<ClaimResult> claim(PlaceClaim claim) {
        return claimOnce(claim)
                .flatMap(result -> result.isPresent()
                        ? Mono.just(result.get())
                        : build(claim.hallDay())
                                .then(claimOnce(claim))
                                .map(retried -> retried.orElseThrow(() -> new IllegalStateException(
                                        "Inventory of " + claim.hallDay() + " vanished while claiming"))))
                .flatMap(result ->
                        result instanceof ClaimResult.Claimed ? replicated(claim, result) : Mono.just(result));
    }

    /**
     * A place taken only on the primary is not taken: a failover to a replica that lacks it would
     * sell it again. So the claim counts once the replicas hold it; otherwise it is given back and
     * the client hears "try later".
     */
    private Mono<ClaimResult> replicated(PlaceClaim claim, ClaimResult claimed) {
        return replicas.writesReplicated(claim.hallDay())
                .flatMap(held -> held
                        ? Mono.just(claimed)
                        : release(claim.hallDay(), claim.bookingId())
                                .onErrorReturn(false)
                                .then(Mono.error(new UnreplicatedClaimException(claim.hallDay()))));
    }

    /**
     * Runs the claim script; empty Optional when the hall-day is not built. The hold is stamped
     * with the time the script runs, not the request's: a claim that first waited for a build must
     * not look old to the sweep for abandoned claims.
     */
    private Mono<Optional<ClaimResult>> claimOnce(PlaceClaim claim) {
        return Mono.defer(() -> {
            InventoryKeys keys = new InventoryKeys(claim.hallDay());
            List<String> args = List.of(
                    claim.start().toString(),
                    claim.taxpayerId(),
                    claim.idempotencyKey(),
                    claim.fingerprint(),
                    claim.bookingId(),
                    claim.record(),
                    String.valueOf(clock.millis()),
                    String.valueOf(expireAt(claim.hallDay())));
            return redis.execute(scripts.claim(), keys.forClaim(), args)
                    .next()
                    .timeout(timeout)
                    .map(RedisSlotInventory::toClaimResult);
        });
    }

    static Optional<ClaimResult> toClaimResult(List<?> reply) {
        String code = String.valueOf(reply.get(0));
        return switch (code) {
            case "CLAIMED" ->
                Optional.of(new ClaimResult.Claimed(String.valueOf(reply.get(1)), ((Number) reply.get(2)).longValue()));
            case "REPLAYED" -> Optional.of(new ClaimResult.Replayed(String.valueOf(reply.get(1))));
            case "KEY_REUSED" -> Optional.of(new ClaimResult.KeyReused());
            case "DUPLICATE" -> Optional.of(new ClaimResult.Duplicate(String.valueOf(reply.get(1))));
            case "FULL" -> Optional.of(new ClaimResult.Full());
            case "NO_SLOT" -> Optional.of(new ClaimResult.NoSuchSlot());
            case "NOT_BUILT" -> Optional.empty();
            default -> throw new IllegalStateException("Unknown claim-place reply " + code);
        };
    }

    @Override
    public Mono<Boolean> confirm(HallDay hallDay, String bookingId) {
        return settle(hallDay, bookingId, "CONFIRM").map("CONFIRMED"::equals);
    }

    @Override
    public Mono<Boolean> release(HallDay hallDay, String bookingId) {
        return settle(hallDay, bookingId, "RELEASE").map("RELEASED"::equals);
    }

    private Mono<String> settle(HallDay hallDay, String bookingId, String outcome) {
        return redis.execute(scripts.settle(), new InventoryKeys(hallDay).forSettle(), List.of(bookingId, outcome))
                .next()
                .timeout(timeout);
    }

    @Override
    public Mono<List<String>> abandonedClaims(HallDay hallDay, Instant claimedBefore, int limit) {
        return redis.execute(
                        scripts.abandoned(),
                        List.of(new InventoryKeys(hallDay).pending()),
                        List.of(String.valueOf(claimedBefore.toEpochMilli()), String.valueOf(limit)))
                .next()
                .timeout(timeout)
                .map(ids -> ((List<?>) ids).stream().map(String::valueOf).toList())
                .defaultIfEmpty(List.of());
    }

    @Override
    public Mono<Boolean> returnPlace(HallDay hallDay, String bookingId, String newStatus, Instant now) {
        return redis.execute(
                        scripts.cancel(),
                        new InventoryKeys(hallDay).forCancel(),
                        List.of(bookingId, String.valueOf(now.toEpochMilli()), newStatus))
                .next()
                .timeout(timeout)
                .map("CANCELLED"::equals);
    }

    @Override
    public Mono<Optional<String>> record(HallDay hallDay, String bookingId) {
        return redis.<String, String>opsForHash()
                .get(new InventoryKeys(hallDay).bookings(), bookingId)
                .timeout(timeout)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<Map<LocalTime, Integer>> remaining(HallDay hallDay) {
        return redis.<String, String>opsForHash()
                .entries(new InventoryKeys(hallDay).remaining())
                .timeout(timeout)
                .collectMap(
                        entry -> LocalTime.parse(entry.getKey()),
                        entry -> Integer.parseInt(entry.getValue()),
                        TreeMap::new);
    }

    @Override
    public Mono<Void> build(HallDay hallDay) {
        return buildsInFlight.computeIfAbsent(
                hallDay,
                day -> buildNow(day)
                        .doFinally(signal -> buildsInFlight.remove(day))
                        .cache());
    }

    @Override
    public Mono<Void> discard(HallDay hallDay) {
        return redis.unlink(Flux.fromIterable(new InventoryKeys(hallDay).all()))
                .timeout(timeout)
                .then();
    }

    @Override
    public Mono<Boolean> isBuilt(HallDay hallDay) {
        return redis.hasKey(new InventoryKeys(hallDay).meta()).timeout(timeout);
    }

    private Mono<Void> buildNow(HallDay hallDay) {
        return isBuilt(hallDay).flatMap(built -> built ? Mono.<Void>empty() : buildFromSource(hallDay));
    }

    private Mono<Void> buildFromSource(HallDay hallDay) {
        return source.snapshot(hallDay)
                .flatMap(snapshot -> redis.execute(
                                scripts.build(),
                                new InventoryKeys(hallDay).forBuild(),
                                buildArguments(hallDay, snapshot))
                        .next()
                        .timeout(timeout))
                .doOnNext(outcome -> log.debug("Inventory of {}: {}", hallDay, outcome))
                .then();
    }

    private List<String> buildArguments(HallDay hallDay, InventorySource.Snapshot snapshot) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(clock.millis()));
        args.add(String.valueOf(expireAt(hallDay)));
        args.add(String.valueOf(snapshot.highestSeq()));
        List<InventorySource.Capacity> capacities = snapshot.open() ? snapshot.capacities() : List.of();
        args.add(String.valueOf(capacities.size()));
        for (InventorySource.Capacity capacity : capacities) {
            args.add(capacity.start().toString());
            args.add(String.valueOf(capacity.places()));
        }
        args.add(String.valueOf(snapshot.holders().size()));
        args.addAll(snapshot.holders());
        args.add(String.valueOf(snapshot.past().size()));
        args.addAll(snapshot.past());
        return args;
    }

    /** Forgets a hall-day, as a Redis restart would; the next claim rebuilds it. For operators and drills. */
    public Mono<Long> forget(HallDay hallDay) {
        return redis.delete(new InventoryKeys(hallDay).all().toArray(String[]::new))
                .timeout(timeout);
    }

    private long expireAt(HallDay hallDay) {
        return hallDay.date()
                .plusDays(DAYS_KEPT_AFTER + 1L)
                .atStartOfDay(ProvinceTime.ZONE)
                .toEpochSecond();
    }
}
