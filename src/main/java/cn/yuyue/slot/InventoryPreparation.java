package cn.yuyue.slot;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.ProvinceTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
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
     * High on purpose: a missing hall-day is built only after the rebuild barrier (a grace of some
     * seconds, then the writer's drain), and builds that start together share one barrier. With 16
     * at a time, refilling an empty Redis (334 halls x 8 days) took one barrier per 16 hall-days,
     * over a quarter of an hour, and meanwhile each first claim on a missing hall-day waited for a
     * barrier of its own. For hall-days already built this is only an EXISTS each.
     */
    private static final int CONCURRENT_BUILDS = 1024;

    private final HallCatalogue catalogue;
    private final SlotInventory inventory;
    private final Clock clock;
    private final int daysAhead;

    InventoryPreparation(HallCatalogue catalogue, SlotInventory inventory, Clock clock,
                         @Value("${yuyue.booking.days-ahead:7}") int daysAhead) {
        this.catalogue = catalogue;
        this.inventory = inventory;
        this.clock = clock;
        this.daysAhead = daysAhead;
    }

    @Override
    protected Disposable launch() {
        return Flux.interval(Duration.ZERO, EVERY)
                .onBackpressureDrop()
                .concatMap(tick -> prepareAll())
                .subscribe(built -> log.debug("Checked {} hall-days", built),
                        failure -> log.error("Inventory preparation stopped", failure));
    }

    private Mono<Long> prepareAll() {
        LocalDate today = LocalDate.now(clock.withZone(ProvinceTime.ZONE));
        return Flux.range(0, daysAhead + 1)
                .map(today::plusDays)
                .concatMap(day -> Flux.fromIterable(catalogue.halls(null, null))
                        .map(hall -> new HallDay(hall.code(), day)))
                .flatMap(hallDay -> inventory.build(hallDay)
                        .onErrorResume(failure -> {
                            log.warn("Could not build the inventory of {}: {}", hallDay, failure.toString());
                            return Mono.empty();
                        })
                        .thenReturn(hallDay), CONCURRENT_BUILDS)
                .count();
    }

    /** After the catalogue is loaded and the event writer runs. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }
}
