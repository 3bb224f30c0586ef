package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.Decision;
import cn.yuyue.booking.model.EventStamp;
import cn.yuyue.booking.model.RescheduleAccepted;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The taxpayer accepts a proposed time: the new booking is confirmed and the old one withdrawn in its
 * favour, durably, and only then does the old place go back and the held place become the booking,
 * counted against the phone's cap in place of the old one.
 * The two places may lie in different hall-days (another hall of the city), so those are two atomic
 * steps; each is idempotent, and an accept interrupted between them is finished by the next answer
 * or the proposal's expiry ({@link #finish}), never leaving one place sold twice.
 */
@Service
public class AcceptingNewTime {

    private static final Logger log = LoggerFactory.getLogger(AcceptingNewTime.class);

    private final SlotInventory inventory;
    private final LiveBookings live;
    private final BookingEvents events;
    private final BookingJson json;
    private final RecentBookings recent;
    private final BookingProperties properties;
    private final Clock clock;
    private final RandomGenerator random;
    private final PhoneCap phoneCap;

    AcceptingNewTime(
            SlotInventory inventory,
            LiveBookings live,
            BookingEvents events,
            BookingJson json,
            RecentBookings recent,
            BookingProperties properties,
            Clock clock,
            RandomGenerator secureRandom,
            PhoneCap phoneCap) {
        this.phoneCap = phoneCap;
        this.inventory = inventory;
        this.live = live;
        this.events = events;
        this.json = json;
        this.recent = recent;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    /** Moves {@code old} to the place held for it as {@code heldBookingId} in {@code heldDay}. */
    public Mono<Transition> accept(Booking old, HallDay heldDay, String heldBookingId) {
        return inventory
                .record(heldDay, heldBookingId)
                .flatMap(record -> record.isEmpty()
                        ? Mono.just(new Transition.HeldPlaceGone())
                        : decided(old, heldDay, json.read(record.get())));
    }

    /** The accept's events are durable but its live steps may not be: withdraw {@code old} for {@code moved}. */
    public Mono<Transition> finish(Booking old, HallDay movedDay, Booking moved) {
        Instant now = clock.instant();
        return published(old, events.publish(old.rescheduledTo(new EventStamp(EventIds.next(random), now), moved.id())))
                .flatMap(recorded -> recorded
                        ? settle(old, movedDay, moved, now).thenReturn(new Transition.Done(moved))
                        : Mono.just(new Transition.NotRecorded()));
    }

    private Mono<Transition> decided(Booking old, HallDay heldDay, Booking held) {
        Instant now = clock.instant();
        Decision<RescheduleAccepted> decision = old.acceptReschedule(
                new EventStamp(EventIds.next(random), now), new EventStamp(EventIds.next(random), now), held);
        if (decision instanceof Decision.Refused<RescheduleAccepted> refused) {
            return Mono.just(new Transition.Refused(refused.why()));
        }
        RescheduleAccepted accepted = ((Decision.Allowed<RescheduleAccepted>) decision).event();
        Booking moved = accepted.confirmed().booking();
        return published(old, events.publish(accepted.confirmed()).then(events.publish(accepted.rescheduled())))
                .flatMap(recorded -> recorded
                        ? settle(old, heldDay, moved, now)
                                .then(recent.remember(moved.phone(), moved.id(), moved.createdAt())
                                        // Only a shortcut for GET /bookings before PostgreSQL has it.
                                        .onErrorResume(failure -> Mono.empty()))
                                .thenReturn(new Transition.Done(moved))
                        : Mono.just(new Transition.NotRecorded()));
    }

    /** True once Kafka acknowledged; false (logged) if it did not in time. */
    private Mono<Boolean> published(Booking old, Mono<Void> publishing) {
        return publishing.timeout(properties.eventTimeout()).thenReturn(true).onErrorResume(failure -> {
            log.warn("Reschedule answer for {} not recorded: {}", old.id(), failure.toString());
            return Mono.just(false);
        });
    }

    private Mono<Void> settle(Booking old, HallDay movedDay, Booking moved, Instant now) {
        return inventory
                .returnPlace(
                        new HallDay(old.hallCode(), old.date()), old.id(), BookingStatus.WITHDRAWN_BY_HALL.name(), now)
                .then(live.settleHold(movedDay, moved.id(), true, now))
                .then(Mono.defer(() -> phoneCap.move(old, moved)));
    }
}
