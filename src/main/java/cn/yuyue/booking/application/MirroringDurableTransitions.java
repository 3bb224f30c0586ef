package cn.yuyue.booking.application;

import java.util.List;

import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.SlotInventory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes the live inventory agree with the status changes the event log holds, once PostgreSQL has
 * them: a cancellation or a withdrawal gives its place back, a check-in marks the live record.
 *
 * <p>The request that made the change took the same Redis step right after Kafka acknowledged the
 * event; this is the second chance for when that step failed or the instance died in between.
 * Without it the place stayed taken (and the taxpayer barred from booking that hall-day again)
 * until Redis happened to be rebuilt. Both steps are idempotent, so on the normal path this finds
 * nothing left to do.
 */
@Service
public class MirroringDurableTransitions {

    private static final Logger log = LoggerFactory.getLogger(MirroringDurableTransitions.class);

    private final SlotInventory inventory;
    private final LiveBookings live;
    private final Counter repaired;

    MirroringDurableTransitions(SlotInventory inventory, LiveBookings live, MeterRegistry meters) {
        this.inventory = inventory;
        this.live = live;
        this.repaired = Counter.builder("yuyue.booking.live.repaired")
                .description("Status changes the live inventory had missed, applied from the event log")
                .register(meters);
    }

    /** Never errs: a Redis failure is logged, and a later rebuild lays the live state down from PostgreSQL. */
    public Mono<Void> mirror(List<BookingEvent> events) {
        return Flux.fromIterable(events).concatMap(this::mirrorOne).then();
    }

    private Mono<Boolean> mirrorOne(BookingEvent event) {
        if (event instanceof BookingEvent.BookingCancelled cancelled) {
            HallDay hallDay = new HallDay(cancelled.hallCode(), cancelled.date());
            return repairing(
                    event,
                    inventory.returnPlace(
                            hallDay, cancelled.bookingId(), cancelled.status().name(), cancelled.occurredAt()));
        }
        if (event instanceof BookingEvent.BookingCheckedIn checkedIn) {
            HallDay hallDay = new HallDay(checkedIn.hallCode(), checkedIn.date());
            return repairing(
                    event,
                    live.changeStatus(
                                    hallDay,
                                    checkedIn.bookingId(),
                                    BookingStatus.BOOKED.name(),
                                    BookingStatus.CHECKED_IN.name(),
                                    checkedIn.occurredAt())
                            .map(unmoved -> unmoved.isEmpty()));
        }
        return Mono.just(false);
    }

    private Mono<Boolean> repairing(BookingEvent event, Mono<Boolean> step) {
        return step.doOnNext(changed -> {
                    if (changed) {
                        repaired.increment();
                        log.info(
                                "Live inventory caught up with {} ({})",
                                event.getClass().getSimpleName(),
                                event.eventId());
                    }
                })
                .onErrorResume(failure -> {
                    log.warn(
                            "Live inventory not yet in line with {} ({}): {}",
                            event.getClass().getSimpleName(),
                            event.eventId(),
                            failure.toString());
                    return Mono.just(false);
                });
    }
}
