package cn.yuyue.booking.persistence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.platform.redis.LuaScripts;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Puts every phone's count of active bookings back after Redis lost its memory (a flush, a
 * failover to a replica that had not got the writes), before any phone is counted again: an empty
 * count would let each phone book the cap again on top of what it holds.
 *
 * <p>A loss is told by a marker key that only a finished restoration sets: missing, the counts may
 * be gone. The restoration waits on the inventory rebuild's barrier (the grace for claims in flight,
 * then the writer's drain), so PostgreSQL then holds every booking Kafka acknowledged; it reads
 * each hall's active bookings of today and later days and adds them to their phones' sets. The
 * marker is set to "restoring" first and to "done" only if it is still there: a second loss while
 * restoring removes it, and the next count restores again. Counting waits for the restoration and
 * fails with it (the booking is refused as TRY_LATER, never counted from an empty set). The marker
 * is also checked at start-up and every minute, so that a restoration rarely waits for a booking.
 *
 * <p>On Redis Cluster the marker lives in one slot: a shard that loses its data while the marker's
 * shard keeps it is not noticed. The production Redis is one primary with replicas, which loses
 * all or nothing.
 */
@Component
class PhoneCountRestoration extends BackgroundFlow {

    static final String MARKER = "yy:phone-counts:{restored}";
    private static final String DONE = "done";
    private static final Duration EVERY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(PhoneCountRestoration.class);
    /** Each a query on the hall-day index; few at a time, the pool serves bookings meanwhile. */
    private static final int CONCURRENT_HALLS = 4;

    private static final int CONCURRENT_PHONES = 32;
    private static final RedisScript<Long> RESTORE = LuaScripts.load("restore-phone-bookings.lua", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final DurableInventorySource barrier;
    private final R2dbcBookings bookings;
    private final HallCatalogue catalogue;
    private final Clock clock;
    private final Duration timeout;
    private final AtomicReference<Mono<Void>> running = new AtomicReference<>();
    private final PeriodicFlow<Void> watching;

    PhoneCountRestoration(
            ReactiveStringRedisTemplate redis,
            DurableInventorySource barrier,
            R2dbcBookings bookings,
            HallCatalogue catalogue,
            Clock clock,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.redis = redis;
        this.barrier = barrier;
        this.bookings = bookings;
        this.catalogue = catalogue;
        this.clock = clock;
        this.timeout = timeout;
        this.watching = PeriodicFlow.named("phone-count-restoration", this::restored)
                .firstRoundAfter(Duration.ZERO)
                .every(EVERY)
                .timeout(timeouts.backgroundRound())
                .onFailure(failure -> log.warn(
                        "Phones' counts of active bookings not restored, next try in {}: {}",
                        EVERY,
                        failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return watching.start();
    }

    /** After the catalogue is loaded and the event writer runs: the restoration waits for its drain. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    /** Completes once the counts in Redis are whole: at once when the marker says so. */
    Mono<Void> restored() {
        return redis.opsForValue()
                .get(MARKER)
                .timeout(timeout)
                .filter(DONE::equals)
                .hasElement()
                .flatMap(done -> done ? Mono.<Void>empty() : joined());
    }

    /** One restoration per instance at a time; the counts waiting meanwhile all join it. */
    private Mono<Void> joined() {
        Mono<Void> current = running.get();
        if (current != null) {
            return current;
        }
        AtomicReference<Mono<Void>> self = new AtomicReference<>();
        Mono<Void> fresh = restore()
                .doFinally(signal -> running.compareAndSet(self.get(), null))
                .cache();
        self.set(fresh);
        return running.compareAndSet(null, fresh) ? fresh : joined();
    }

    private Mono<Void> restore() {
        return redis.opsForValue()
                .set(MARKER, "restoring")
                .timeout(timeout)
                .doOnNext(set -> log.warn("Phones' counts of active bookings may be lost with Redis's memory; "
                        + "restoring them from PostgreSQL after the writer's drain"))
                .then(Mono.defer(barrier::drained))
                .then(Mono.defer(this::addActiveBookings))
                .flatMap(phones -> redis.opsForValue()
                        .setIfPresent(MARKER, DONE)
                        .timeout(timeout)
                        .flatMap(kept -> kept
                                ? Mono.just(phones)
                                : Mono.<Integer>error(new IllegalStateException(
                                        "Redis lost its memory again while the phones' counts were restored"))))
                .doOnNext(phones -> log.info("Counts of active bookings restored for {} phones", phones))
                .then();
    }

    /** Emits how many phones hold active bookings. */
    private Mono<Integer> addActiveBookings() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ProvinceTime.ZONE);
        List<String> halls =
                catalogue.halls(null, null).stream().map(Hall::code).toList();
        return Flux.fromIterable(halls)
                .flatMap(hall -> bookings.activeOfHallFrom(hall, today), CONCURRENT_HALLS)
                .collectMultimap(Booking::phone, Booking::id)
                .flatMap(byPhone -> Flux.fromIterable(byPhone.entrySet())
                        .flatMap(phone -> add(phone.getKey(), phone.getValue(), now), CONCURRENT_PHONES)
                        .then(Mono.just(byPhone.size())));
    }

    private Mono<Long> add(String phone, Collection<String> ids, Instant now) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(now.toEpochMilli()));
        args.add(String.valueOf(RedisActiveBookingsOfPhones.KEPT.toSeconds()));
        args.addAll(ids);
        return redis.execute(RESTORE, List.of(RedisActiveBookingsOfPhones.key(phone)), args)
                .next()
                .timeout(timeout);
    }
}
