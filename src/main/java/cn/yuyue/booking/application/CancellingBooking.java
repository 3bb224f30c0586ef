package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent.BookingCancelled;
import cn.yuyue.booking.model.CancellationPolicy;
import cn.yuyue.booking.model.Decision;
import cn.yuyue.booking.model.EventStamp;
import cn.yuyue.booking.model.TransitionRefused;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The taxpayer's agent cancels a booking; the booking decides whether it may ({@link Booking#cancel}).
 * The cancellation is made durable in Kafka first; only then does the place go back, so a crash in
 * between leaves a place unsold until the event writer or the next rebuild returns it, never sold twice.
 */
@Service
public class CancellingBooking {

    private static final Logger log = LoggerFactory.getLogger(CancellingBooking.class);

    private final FindingBooking finding;
    private final SlotInventory inventory;
    private final BookingEvents events;
    private final BookingProperties properties;
    private final CancellationPolicy policy;
    private final Clock clock;
    private final RandomGenerator random;
    private final PhoneCap phoneCap;

    CancellingBooking(
            FindingBooking finding,
            SlotInventory inventory,
            BookingEvents events,
            BookingProperties properties,
            Clock clock,
            RandomGenerator secureRandom,
            PhoneCap phoneCap) {
        this.phoneCap = phoneCap;
        this.finding = finding;
        this.inventory = inventory;
        this.events = events;
        this.properties = properties;
        this.policy = new CancellationPolicy(properties.cancelLead());
        this.clock = clock;
        this.random = secureRandom;
    }

    public Mono<BookingOutcome> cancel(String id, String phone) {
        return finding.find(id)
                .flatMap(found -> found.isPresent()
                        ? decide(found.get(), phone)
                        : Mono.just(
                                new BookingOutcome.Rejected(BookingRejection.BOOKING_NOT_FOUND, "No booking " + id)));
    }

    private Mono<BookingOutcome> decide(Booking booking, String phone) {
        LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
        Decision<BookingCancelled> decision = booking.cancel(stamp(), phone, now, policy);
        if (decision instanceof Decision.Allowed<BookingCancelled> allowed) {
            return MakingBooking.carriedThrough(cancelDurably(booking, allowed.event()));
        }
        return Mono.just(answer(booking, ((Decision.Refused<BookingCancelled>) decision).why()));
    }

    /** A repeated cancellation answers the booking as it stands, like the first one did. */
    private static BookingOutcome answer(Booking booking, TransitionRefused why) {
        if (why instanceof TransitionRefused.AlreadyCancelled) {
            return new BookingOutcome.Existing(booking);
        }
        if (why instanceof TransitionRefused.NotTheBooker) {
            return new BookingOutcome.Rejected(BookingRejection.FORBIDDEN, "This booking was made with another phone");
        }
        if (why instanceof TransitionRefused.CancelDeadlinePassed passed) {
            return new BookingOutcome.Rejected(
                    BookingRejection.CANCEL_TOO_LATE, "Bookings can be cancelled until " + passed.deadline());
        }
        return new BookingOutcome.Rejected(
                BookingRejection.BOOKING_NOT_ACTIVE, "A booking that is " + booking.status() + " cannot be cancelled");
    }

    /** The identity and moment of a cancellation this use case, or {@link VoidingBooking}, would record. */
    EventStamp stamp() {
        return new EventStamp(EventIds.next(random), clock.instant());
    }

    /**
     * Made durable first, then the place goes back and the booking stops counting against its
     * phone's cap. Shared with the hall's void on proof ({@link VoidingBooking}), which the booking
     * decides on its own terms.
     */
    Mono<BookingOutcome> cancelDurably(Booking booking, BookingCancelled cancelled) {
        HallDay hallDay = new HallDay(booking.hallCode(), booking.date());
        return events.publish(cancelled)
                .timeout(properties.eventTimeout())
                .then(Mono.defer(() -> inventory
                        .returnPlace(hallDay, booking.id(), cancelled.status().name(), clock.instant())
                        .onErrorResume(failure -> {
                            log.warn(
                                    "Cancellation of {} is durable; its place returns at the next rebuild: {}",
                                    booking.id(),
                                    failure.toString());
                            return Mono.just(false);
                        })))
                .then(Mono.defer(() -> phoneCap.uncount(booking)))
                .<BookingOutcome>thenReturn(
                        new BookingOutcome.Existing(booking.withStatus(cancelled.status(), cancelled.occurredAt())))
                .onErrorResume(failure -> {
                    log.warn("Cancellation of {} not acknowledged: {}", booking.id(), failure.toString());
                    return Mono.just(new BookingOutcome.Rejected(
                            BookingRejection.TRY_LATER, "Nothing was cancelled; please try again shortly"));
                });
    }

    /** The deadline shown to clients with every booking. */
    public LocalDateTime deadline(Booking booking) {
        return policy.deadline(booking);
    }
}
