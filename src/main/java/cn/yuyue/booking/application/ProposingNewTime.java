package cn.yuyue.booking.application;

import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.Decision;
import cn.yuyue.booking.model.EventStamp;
import cn.yuyue.booking.model.TransitionRefused;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Rule 4, the booking's part of a proposal: once the new place is held ({@link HoldingNewPlace}) and
 * the hall has recorded its proposal, the booking decides whether it may be offered another time,
 * turns RESCHEDULE_PROPOSED in its live record (atomically, only from BOOKED: a check-in or a
 * cancellation in between wins), and the event is made durable.
 * Here the live step comes first because it is the step that can still refuse. An event Kafka did
 * not acknowledge may still have been written, so the log decides: once the writer has caught up,
 * the proposal stands if PostgreSQL holds the booking RESCHEDULE_PROPOSED, and otherwise the live
 * step is undone and nothing was proposed. When even that cannot be learnt the publisher errors,
 * and the caller leaves the proposal to its expiry, which ends it as the log says.
 */
@Service
public class ProposingNewTime {

    private static final Logger log = LoggerFactory.getLogger(ProposingNewTime.class);

    private final SlotInventory inventory;
    private final LiveBookings live;
    private final BookingEvents events;
    private final BookingProperties properties;
    private final Clock clock;
    private final RandomGenerator random;
    private final BookingEventFeed feed;
    private final BookingRecords records;

    ProposingNewTime(
            SlotInventory inventory,
            LiveBookings live,
            BookingEvents events,
            BookingProperties properties,
            Clock clock,
            RandomGenerator secureRandom,
            BookingEventFeed feed,
            BookingRecords records) {
        this.feed = feed;
        this.records = records;
        this.inventory = inventory;
        this.live = live;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    /** Offers {@code booking} the place already held as {@code newBookingId}. */
    public Mono<Transition> propose(Booking booking, String newBookingId) {
        Decision<BookingEvent.BookingRescheduleProposed> decision =
                booking.proposeReschedule(new EventStamp(EventIds.next(random), clock.instant()), newBookingId);
        if (decision instanceof Decision.Refused<BookingEvent.BookingRescheduleProposed> refused) {
            return Mono.just(new Transition.Refused(refused.why()));
        }
        BookingEvent.BookingRescheduleProposed proposed =
                ((Decision.Allowed<BookingEvent.BookingRescheduleProposed>) decision).event();
        HallDay hallDay = new HallDay(booking.hallCode(), booking.date());
        return inventory
                .build(hallDay)
                .then(live.changeStatus(
                        hallDay,
                        booking.id(),
                        BookingStatus.BOOKED.name(),
                        BookingStatus.RESCHEDULE_PROPOSED.name(),
                        clock.instant()))
                .flatMap(unchanged ->
                        unchanged.isPresent() ? Mono.just(refusedAs(unchanged)) : publish(booking, hallDay, proposed));
    }

    /**
     * A proposal that never reached the event log (the taxpayer never heard of it): the booking is
     * BOOKED again and the held place goes back. Both steps are idempotent.
     */
    public Mono<Void> drop(Booking booking, HallDay heldDay, String heldBookingId) {
        return live.changeStatus(
                        new HallDay(booking.hallCode(), booking.date()),
                        booking.id(),
                        BookingStatus.RESCHEDULE_PROPOSED.name(),
                        BookingStatus.BOOKED.name(),
                        clock.instant())
                .then(live.settleHold(heldDay, heldBookingId, false, clock.instant()))
                .then();
    }

    private static Transition refusedAs(Optional<String> status) {
        return new Transition.Refused(new TransitionRefused.NotActive(status.orElseThrow()));
    }

    private Mono<Transition> publish(
            Booking booking, HallDay hallDay, BookingEvent.BookingRescheduleProposed proposed) {
        Transition done =
                new Transition.Done(booking.withStatus(BookingStatus.RESCHEDULE_PROPOSED, proposed.occurredAt()));
        return events.publish(proposed)
                .timeout(properties.eventTimeout())
                .thenReturn(done)
                .onErrorResume(failure -> asTheLogDecides(booking, hallDay, done, failure));
    }

    private Mono<Transition> asTheLogDecides(Booking booking, HallDay hallDay, Transition done, Throwable failure) {
        return feed.awaitConsumed(
                        BookingEventFeed.PERSISTENCE_GROUP,
                        properties.eventTimeout().multipliedBy(4))
                .then(records.byId(booking.id()))
                .flatMap(durable -> {
                    if (durable.map(Booking::status).orElse(null) == BookingStatus.RESCHEDULE_PROPOSED) {
                        log.warn("Proposal for {} was not acknowledged but is in the log; it stands", booking.id());
                        return Mono.just(done);
                    }
                    log.warn(
                            "Proposal for {} not acknowledged and not in the log, undone: {}",
                            booking.id(),
                            failure.toString());
                    return live.changeStatus(
                                    hallDay,
                                    booking.id(),
                                    BookingStatus.RESCHEDULE_PROPOSED.name(),
                                    BookingStatus.BOOKED.name(),
                                    clock.instant())
                            .thenReturn(new Transition.NotRecorded());
                });
    }
}
