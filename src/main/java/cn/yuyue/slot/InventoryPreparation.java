package cn.yuyue.slot;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Builds the inventories of every hall for today and the bookable days ahead, at start-up and
 * every minute, so the release-time storm finds them ready instead of each first claim building
 * one, and a Redis that lost its memory is refilled even for halls nobody is booking right now.
 * Building is idempotent and a no-op for a built hall-day, so several instances may all run it.
 */
@Component
class InventoryPreparation extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(InventoryPreparation.class);
    private static final Duration EVERY = Duration.ofMinutes(1);
    /**
     * Few on purpose: a round checks every hall-day (334 halls x 8 days) each minute, and the checks
     * share the Redis connection with the claims. With 1024 at once a round put a burst of a thousand
     * commands ahead of the claims of a storm that was running, and at start-up, on a cold JVM, a
     * part of them timed out. Eight at a time still check all of them within seconds.
     */
    private static final int CONCURRENT_CHECKS = 8;
    /**
     * High on purpose: a missing hall-day is built only after the rebuild barrier (a grace of some
     * seconds, then the writer's drain), and builds that start together share one barrier. With 16
     * at a time, refilling an empty Redis (334 halls x 8 days) took one barrier per 16 hall-days,
     * over a quarter of an hour, and meanwhile each first claim on a missing hall-day waited for a
     * barrier of its own. Only hall-days found missing get here.
     */
    private static final int CONCURRENT_BUILDS = 1024;

    private final HallCatalogue catalogue;
    private final SlotInventory inventory;
    private final Clock clock;
    private final int daysAhead;
    private final PeriodicFlow<Long> preparing;

    /** Reads {@code yuyue.booking.days-ahead} by name: the booking feature depends on this one, not the reverse. */
    InventoryPreparation(
            HallCatalogue catalogue,
            SlotInventory inventory,
            Clock clock,
            @Value("${yuyue.booking.days-ahead:7}") int daysAhead,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.catalogue = catalogue;
        this.inventory = inventory;
        this.clock = clock;
        this.daysAhead = daysAhead;
        this.preparing = PeriodicFlow.named("inventory-preparation", this::prepareAll)
                .firstRoundAfter(Duration.ZERO)
                .every(EVERY)
                .timeout(timeouts.longRound())
                .onResult(missing -> log.debug("{} hall-days were missing", missing))
                .onFailure(failure -> log.error("Inventory preparation round failed; the next round retries", failure))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return preparing.start();
    }

    private Mono<Long> prepareAll() {
        LocalDate today = LocalDate.now(clock.withZone(ProvinceTime.ZONE));
        List<HallDay> window = new ArrayList<>();
        for (int ahead = 0; ahead <= daysAhead; ahead++) {
            for (Hall hall : catalogue.halls(null, null)) {
                window.add(new HallDay(hall.code(), today.plusDays(ahead)));
            }
        }
        return prepare(window);
    }

    /**
     * Checks the hall-days a few at a time and builds the missing ones together; emits how many were
     * missing. A hall-day that cannot be checked or built now is left to the next round.
     */
    Mono<Long> prepare(List<HallDay> hallDays) {
        AtomicInteger unchecked = new AtomicInteger();
        return Flux.fromIterable(hallDays)
                .flatMap(
                        hallDay -> inventory
                                .isBuilt(hallDay)
                                .filter(built -> !built)
                                .map(missing -> hallDay)
                                .onErrorResume(failure -> {
                                    unchecked.incrementAndGet();
                                    return Mono.empty();
                                }),
                        CONCURRENT_CHECKS)
                .flatMap(
                        missing -> inventory
                                .build(missing)
                                .onErrorResume(failure -> {
                                    logBuildFailure(missing, failure);
                                    return Mono.empty();
                                })
                                .thenReturn(missing),
                        CONCURRENT_BUILDS)
                .count()
                .doOnNext(missing -> {
                    if (unchecked.get() > 0) {
                        log.warn(
                                "{} hall-days could not be checked this round; the next round tries again",
                                unchecked.get());
                    }
                });
    }

    /**
     * A store that is slow or away is expected now and then and says enough in one line; anything
     * else is a fault in the build path and gets its stack trace.
     */
    private static void logBuildFailure(HallDay hallDay, Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof DataAccessException) {
            log.warn("Could not build the inventory of {}: {}", hallDay, failure.toString());
        } else {
            log.warn("Could not build the inventory of {}", hallDay, failure);
        }
    }

    /** After the catalogue is loaded and the event writer runs. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }
}
