package cn.yuyue.release;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Moves every open room's line, on every instance, every {@code admitEvery}: reads the hall-day's
 * places left from the inventory, then runs one admission round (room-admit.lua) that draws the
 * lottery if due, expires unused passes and hands out passes up to the places left plus the
 * margin, or marks the room sold out.
 *
 * <p>A background round rather than admission on demand when tickets are polled: the line moves
 * at the same pace whether its watchers poll, stream or went away, a poll stays a read (cheap at
 * the peak, when thousands poll), and the cost is bounded by the rooms, not the watchers: one
 * inventory read and one script per room and round on each instance. Rounds of several instances
 * may overlap; each round is one atomic script that only acts on what is due, so they never hand
 * out more than one round would, and the lottery is drawn once.
 */
@Component
class RoomAdmissions extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(RoomAdmissions.class);
    private static final int CONCURRENT_ROOMS = 8;

    private final ReleaseCalendar calendar;
    private final RedisRooms rooms;
    private final SlotInventory inventory;
    private final ReleaseProperties properties;
    private final Clock clock;
    private final Counter draws;
    private final Counter admitted;
    private final Counter expired;
    private final PeriodicFlow<Void> admitting;

    RoomAdmissions(
            ReleaseCalendar calendar,
            RedisRooms rooms,
            SlotInventory inventory,
            ReleaseProperties properties,
            Clock clock,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.calendar = calendar;
        this.rooms = rooms;
        this.inventory = inventory;
        this.properties = properties;
        this.clock = clock;
        this.draws = Counter.builder("yuyue.release.draws")
                .description("Lotteries drawn by this instance (one per room across all instances)")
                .register(meters);
        this.admitted = Counter.builder("yuyue.release.passes")
                .description("Admission passes handed out by this instance's rounds")
                .register(meters);
        this.expired = Counter.builder("yuyue.release.passes.expired")
                .description("Passes that ran out unused, found by this instance's rounds")
                .register(meters);
        this.admitting = PeriodicFlow.named("release-admissions", this::round)
                .firstRoundAfter(properties.admitEvery())
                .every(properties.admitEvery())
                .timeout(timeouts.admissionRound())
                .onFailure(
                        failure -> log.warn("Admission round failed; the next round retries: {}", failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return admitting.start();
    }

    /** One round over every room of every release open now. */
    Mono<Void> round() {
        Instant now = clock.instant();
        return Flux.fromIterable(calendar.admittingAt(now))
                .concatMap(release -> rooms.halls(release.id())
                        .flatMapMany(Flux::fromIterable)
                        .flatMap(hallCode -> admit(release, new Room(release.id(), hallCode), now), CONCURRENT_ROOMS))
                .then();
    }

    private Mono<RedisRooms.Round> admit(Release release, Room room, Instant now) {
        HallDay hallDay = new HallDay(room.hallCode(), release.date());
        return placesLeft(hallDay)
                .flatMap(places -> rooms.admit(
                        release,
                        room,
                        now,
                        places,
                        properties.passLimit(places),
                        properties.passLife(),
                        properties.admitBatch()))
                .doOnNext(round -> count(room, round))
                .onErrorResume(failure -> {
                    log.warn("Admission at {} failed; the next round retries: {}", room, failure.toString());
                    return Mono.empty();
                });
    }

    /** Builds the hall-day if no booking built it yet: the first admissions come before the first claims. */
    private Mono<Integer> placesLeft(HallDay hallDay) {
        return inventory.build(hallDay).then(inventory.remaining(hallDay)).map(RoomAdmissions::sum);
    }

    private static int sum(Map<?, Integer> remaining) {
        return remaining.values().stream()
                .mapToInt(places -> Math.max(0, places))
                .sum();
    }

    private void count(Room room, RedisRooms.Round round) {
        if (round.drew()) {
            draws.increment();
            log.info("Lottery drawn at {}", room);
        }
        admitted.increment(round.admitted());
        expired.increment(round.expired());
    }
}
