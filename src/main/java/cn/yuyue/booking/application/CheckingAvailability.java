package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.booking.model.BookingWindowPolicy;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallDayPlan;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What a taxpayer sees before booking: each slot's capacity, the places left and whether it can be
 * booked now. Days inside the booking window are built on demand, so "remaining" is always the
 * inventory's word, never a guess.
 */
@Service
public class CheckingAvailability {

    private final HallCatalogue catalogue;
    private final SlotInventory inventory;
    private final BookingWindowPolicy window;
    private final BookingProperties properties;
    private final Clock clock;

    CheckingAvailability(HallCatalogue catalogue, SlotInventory inventory, BookingProperties properties, Clock clock) {
        this.catalogue = catalogue;
        this.inventory = inventory;
        this.properties = properties;
        this.window =
                new BookingWindowPolicy(properties.daysAhead(), properties.releaseTime(), properties.minimumLead());
        this.clock = clock;
    }

    /** The hall's slots that day with the places left; empty when there is no such hall. */
    public Mono<DayAvailability> of(String hallCode, LocalDate date) {
        if (catalogue.hall(hallCode).isEmpty()) {
            return Mono.empty();
        }
        HallDayPlan plan = catalogue.plan(hallCode, date);
        if (!plan.open()) {
            return Mono.just(new DayAvailability(hallCode, date, false, List.of()));
        }
        HallDay hallDay = new HallDay(hallCode, date);
        LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
        boolean inWindow = !date.isBefore(now.toLocalDate())
                && !date.isAfter(now.toLocalDate().plusDays(properties.daysAhead()));
        Mono<Map<java.time.LocalTime, Integer>> remaining = inWindow
                ? inventory
                        .remaining(hallDay)
                        .flatMap(left -> left.isEmpty()
                                // Built hall-days (nearly all, InventoryPreparation sees to it) answer in one call.
                                ? waitForBuild(hallDay).then(inventory.remaining(hallDay))
                                : Mono.just(left))
                : Mono.just(Map.of());
        return remaining.map(left -> new DayAvailability(
                hallCode,
                date,
                true,
                plan.slots().stream()
                        .map(slot -> {
                            int places = left.getOrDefault(slot.start(), inWindow ? 0 : slot.capacity());
                            boolean bookable = places > 0
                                    && window.refusal(now, date, slot.start()).isEmpty();
                            return new SlotAvailability(
                                    slot.start().toString(), slot.end().toString(), slot.capacity(), places, bookable);
                        })
                        .toList()));
    }

    /**
     * A build waits for the event writer to drain, which takes up to a minute when PostgreSQL lags:
     * a taxpayer's read does not wait that long. It hears "try later" and the build runs on.
     */
    private Mono<Void> waitForBuild(HallDay hallDay) {
        return MakingBooking.carriedThrough(inventory.build(hallDay))
                .timeout(
                        properties.availabilityBuildWait(),
                        Mono.error(() -> CommonProblems.tryLater(
                                "The places of " + hallDay.date() + " are being counted; please try again shortly",
                                properties.retryAfter())));
    }

    public record DayAvailability(String hallCode, LocalDate date, boolean open, List<SlotAvailability> slots) {}

    public record SlotAvailability(String start, String end, int capacity, int remaining, boolean bookable) {}
}
