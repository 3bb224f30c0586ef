package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.EventStamp;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A proposal declined or left unanswered: the hall withdraws the booking (WITHDRAWN_BY_HALL, never a
 * no-show, never counted), durably first; then its place goes back and the place held for the
 * proposal is released, and the booking stops counting against its phone's cap. These steps are
 * idempotent, so a withdrawal interrupted after its event is finished by running it again.
 */
@Service
public class WithdrawingBooking {

    private static final Logger log = LoggerFactory.getLogger(WithdrawingBooking.class);

    private final SlotInventory inventory;
    private final LiveBookings live;
    private final BookingEvents events;
    private final BookingProperties properties;
    private final Clock clock;
    private final RandomGenerator random;
    private final PhoneCap phoneCap;

    WithdrawingBooking(
            SlotInventory inventory,
            LiveBookings live,
            BookingEvents events,
            BookingProperties properties,
            Clock clock,
            RandomGenerator secureRandom,
            PhoneCap phoneCap) {
        this.phoneCap = phoneCap;
        this.inventory = inventory;
        this.live = live;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    /** Withdraws {@code booking} and releases the place held for it as {@code heldBookingId} in {@code heldDay}. */
    public Mono<Transition> withdraw(Booking booking, HallDay heldDay, String heldBookingId) {
        Instant now = clock.instant();
        return events.publish(booking.withdrawByHall(new EventStamp(EventIds.next(random), now)))
                .timeout(properties.eventTimeout())
                .thenReturn(true)
                .onErrorResume(failure -> {
                    log.warn("Withdrawal of {} not recorded: {}", booking.id(), failure.toString());
                    return Mono.just(false);
                })
                .flatMap(recorded -> recorded
                        ? inventory
                                .returnPlace(
                                        new HallDay(booking.hallCode(), booking.date()),
                                        booking.id(),
                                        BookingStatus.WITHDRAWN_BY_HALL.name(),
                                        now)
                                .then(live.settleHold(heldDay, heldBookingId, false, now))
                                .then(Mono.defer(() -> phoneCap.uncount(booking)))
                                .thenReturn(
                                        new Transition.Done(booking.withStatus(BookingStatus.WITHDRAWN_BY_HALL, now)))
                        : Mono.just(new Transition.NotRecorded()));
    }
}
