package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds claims nobody settled (the Redis reply was lost, the settle failed after the 201, the
 * instance died between steps, Kafka refused even the abandonment marker) and asks the event log
 * to decide them, by publishing {@link BookingEvent.BookingClaimAbandoned} on the hall's partition.
 * The PostgreSQL writer decides each in log order and {@link SettlingDecidedClaims} applies it.
 *
 * <p>Any instance may sweep any hall-day, several at once: the pending holds live in the
 * inventory, not in one instance's memory, and a second marker for the same claim is decided the
 * same way as the first.
 */
@Component
class SweepingAbandonedClaims extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(SweepingAbandonedClaims.class);
    private static final int CONCURRENT_HALL_DAYS = 8;
    private static final int PER_HALL_DAY = 100;

    private final HallCatalogue catalogue;
    private final SlotInventory inventory;
    private final BookingEvents events;
    private final BookingProperties properties;
    private final Clock clock;
    private final RandomGenerator random;
    private final AtomicLong foundLastRound = new AtomicLong();
    private final PeriodicFlow<Long> sweeping;

    SweepingAbandonedClaims(
            HallCatalogue catalogue,
            SlotInventory inventory,
            BookingEvents events,
            BookingProperties properties,
            Clock clock,
            RandomGenerator secureRandom,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.catalogue = catalogue;
        this.inventory = inventory;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
        // A claimant answers 201 only if Kafka acknowledged within the event timeout; a marker
        // published before that could void a booking its client was told is confirmed.
        Duration latestAnswer = properties.eventTimeout().multipliedBy(2);
        if (properties.abandonedClaimAfter().compareTo(latestAnswer) <= 0) {
            throw new IllegalArgumentException("yuyue.booking.abandoned-claim-after ("
                    + properties.abandonedClaimAfter() + ") must be longer than twice yuyue.booking.event-timeout ("
                    + properties.eventTimeout() + ")");
        }
        Gauge.builder("yuyue.booking.claims.abandoned", foundLastRound, AtomicLong::get)
                .description("Unsettled claims found by the last sweep, handed to the event log to decide")
                .register(meters);
        this.sweeping = PeriodicFlow.named("abandoned-claims-sweep", this::sweep)
                .firstRoundAfter(properties.abandonedClaimSweep())
                .every(properties.abandonedClaimSweep())
                .timeout(timeouts.backgroundRound())
                .onResult(foundLastRound::set)
                .onFailure(failure -> log.warn(
                        "Sweep for abandoned claims failed, next round in {}: {}",
                        properties.abandonedClaimSweep(),
                        failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return sweeping.start();
    }

    Mono<Long> sweep() {
        Instant claimedBefore = clock.instant().minus(properties.abandonedClaimAfter());
        return Flux.fromIterable(openHallDays())
                .flatMap(hallDay -> abandonedIn(hallDay, claimedBefore), CONCURRENT_HALL_DAYS)
                .concatMap(this::handToLog)
                .count();
    }

    private List<HallDay> openHallDays() {
        LocalDate today = LocalDate.now(clock.withZone(ProvinceTime.ZONE));
        List<HallDay> hallDays = new ArrayList<>();
        for (Hall hall : catalogue.halls(null, null)) {
            for (int ahead = 0; ahead <= properties.daysAhead(); ahead++) {
                hallDays.add(new HallDay(hall.code(), today.plusDays(ahead)));
            }
        }
        return hallDays;
    }

    private Flux<Abandoned> abandonedIn(HallDay hallDay, Instant claimedBefore) {
        return inventory
                .abandonedClaims(hallDay, claimedBefore, PER_HALL_DAY)
                .onErrorResume(failure -> {
                    log.debug("Abandoned claims of {} unknown this round: {}", hallDay, failure.toString());
                    return Mono.just(List.of());
                })
                .flatMapIterable(ids ->
                        ids.stream().map(id -> new Abandoned(hallDay, id)).toList());
    }

    private Mono<Abandoned> handToLog(Abandoned claim) {
        log.info("Claim {} at {} was never settled; the event log decides it", claim.bookingId(), claim.hallDay());
        return events.publish(new BookingEvent.BookingClaimAbandoned(
                        EventIds.next(random),
                        clock.instant(),
                        claim.bookingId(),
                        claim.hallDay().hallCode(),
                        claim.hallDay().date()))
                .timeout(properties.eventTimeout())
                .thenReturn(claim)
                .onErrorResume(failure -> {
                    log.warn("Claim {} stays pending until the next sweep: {}", claim.bookingId(), failure.toString());
                    return Mono.empty();
                });
    }

    private record Abandoned(HallDay hallDay, String bookingId) {}
}
