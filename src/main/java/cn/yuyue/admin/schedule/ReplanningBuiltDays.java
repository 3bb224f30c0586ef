package cn.yuyue.admin.schedule;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.hall.CatalogueProperties;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallDayPlan;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.InventorySource;
import cn.yuyue.slot.LiveBookings;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Brings the built hall-days of the booking window to the catalogue's plan whenever this instance's
 * catalogue changes, whoever changed it. The instance that takes a staff edit adjusts the built
 * days itself before it answers ({@link ChangingSchedule}); this covers what that cannot reach: a
 * build on another instance that read the plan just before the edit committed and wrote it just
 * after the adjustment, and edits made by SQL (the operator's calendar), which no instance adjusts.
 *
 * <p>Each hall-day takes the plan PostgreSQL holds when it is adjusted, not the one this instance
 * saw when it noticed the change, so an instance that learns of an edit late never puts an older
 * plan back. A hall-day whose adjustment failed is tried again next round.
 */
@Component
class ReplanningBuiltDays extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(ReplanningBuiltDays.class);

    private final HallCatalogue catalogue;
    private final LiveBookings live;
    private final ScheduleEdits edits;
    private final BookingProperties booking;
    private final Clock clock;
    /** Touched by one round at a time only: rounds run one after the other. */
    private long seenVersion = -1;

    private Map<HallDay, HallDayPlan> seenPlans = Map.of();
    private final Set<HallDay> pending = new LinkedHashSet<>();
    private final PeriodicFlow<Void> replanning;

    ReplanningBuiltDays(
            HallCatalogue catalogue,
            LiveBookings live,
            ScheduleEdits edits,
            CatalogueProperties properties,
            BookingProperties booking,
            Clock clock,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.catalogue = catalogue;
        this.live = live;
        this.edits = edits;
        this.booking = booking;
        this.clock = clock;
        this.replanning = PeriodicFlow.named("replanning-built-days", this::round)
                .firstRoundAfter(properties.pollEvery())
                .every(properties.pollEvery())
                .timeout(timeouts.backgroundRound())
                .onFailure(failure ->
                        log.warn("Re-planning built hall-days failed; next round retries: {}", failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return replanning.start();
    }

    private Mono<Void> round() {
        long version = catalogue.version();
        if (version != seenVersion) {
            Map<HallDay, HallDayPlan> plans = plansOfTheWindow();
            // The first round only learns the plans: every hall-day was built from them or adjusted to them.
            if (seenVersion >= 0) {
                plans.forEach((hallDay, plan) -> {
                    HallDayPlan seen = seenPlans.get(hallDay);
                    if (seen != null && !seen.equals(plan)) {
                        pending.add(hallDay);
                    }
                });
            }
            seenVersion = version;
            seenPlans = plans;
        }
        return Flux.fromIterable(List.copyOf(pending))
                .concatMap(hallDay -> replan(hallDay).filter(done -> done).doOnNext(done -> pending.remove(hallDay)))
                .then();
    }

    private Map<HallDay, HallDayPlan> plansOfTheWindow() {
        LocalDate today = LocalDate.now(clock.withZone(ProvinceTime.ZONE));
        Map<HallDay, HallDayPlan> plans = new HashMap<>();
        for (Hall hall : catalogue.halls(null, null)) {
            for (int ahead = 0; ahead <= booking.daysAhead(); ahead++) {
                LocalDate day = today.plusDays(ahead);
                plans.put(new HallDay(hall.code(), day), catalogue.plan(hall.code(), day));
            }
        }
        return plans;
    }

    /** True once the hall-day holds the committed plan, or cannot, because bookings are in the way. */
    private Mono<Boolean> replan(HallDay hallDay) {
        return edits.inTurn(catalogue
                        .committedPlan(hallDay.hallCode(), hallDay.date())
                        .flatMap(plan -> live.adjust(hallDay, capacities(plan))))
                .map(adjustment -> {
                    if (adjustment instanceof LiveBookings.Adjustment.BelowTaken below) {
                        // Not retried: only a reschedule by agreement frees those places.
                        log.warn(
                                "{} keeps its previous capacity: the {} slot holds {} bookings, more than the plan"
                                        + " allows",
                                hallDay,
                                below.start(),
                                below.taken());
                    }
                    return true;
                })
                .onErrorResume(failure -> {
                    log.warn("{} could not take the new plan, retrying next round: {}", hallDay, failure.toString());
                    return Mono.just(false);
                });
    }

    private static List<InventorySource.Capacity> capacities(HallDayPlan plan) {
        return plan.slots().stream()
                .map(slot -> new InventorySource.Capacity(slot.start(), slot.capacity()))
                .toList();
    }
}
