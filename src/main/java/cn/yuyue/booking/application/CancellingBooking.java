package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.CancellationPolicy;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The taxpayer's agent cancels a booking until three hours before its slot. The cancellation is
 * made durable in Kafka first; only then does the place go back, so a crash in between leaves a
 * place unsold until the next rebuild, never sold twice.
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

    CancellingBooking(FindingBooking finding, SlotInventory inventory, BookingEvents events,
                      BookingProperties properties, Clock clock, RandomGenerator secureRandom, PhoneCap phoneCap) {
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
        return finding.find(id).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.just(new BookingOutcome.Rejected(BookingRejection.BOOKING_NOT_FOUND, "No booking " + id));
            }
            Booking booking = found.get();
            if (!booking.phone().equals(phone)) {
                return Mono.just(new BookingOutcome.Rejected(BookingRejection.FORBIDDEN,
                        "This booking was made with another phone"));
            }
            if (booking.status() == BookingStatus.CANCELLED) {
                return Mono.just(new BookingOutcome.Existing(booking));
            }
            if (!booking.status().holdsPlace() || booking.status() == BookingStatus.CHECKED_IN) {
                return Mono.just(new BookingOutcome.Rejected(BookingRejection.BOOKING_NOT_ACTIVE,
                        "A booking that is " + booking.status() + " cannot be cancelled"));
            }
            LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
            if (!policy.allows(booking, now)) {
                return Mono.just(new BookingOutcome.Rejected(BookingRejection.CANCEL_TOO_LATE,
                        "Bookings can be cancelled until " + policy.deadline(booking)));
            }
            return BookingSlot.carriedThrough(cancelDurably(booking));
        });
    }

    /**
     * Made durable first, then the place goes back and the booking stops counting against its
     * phone's cap. Shared with the hall's void on proof ({@link VoidingBooking}).
     */
    Mono<BookingOutcome> cancelDurably(Booking booking) {
        BookingEvent cancelled = new BookingEvent.BookingCancelled(EventIds.next(random), clock.instant(),
                booking.id(), booking.hallCode(), booking.date(), BookingStatus.CANCELLED);
        HallDay hallDay = new HallDay(booking.hallCode(), booking.date());
        return events.publish(cancelled)
                .timeout(properties.eventTimeout())
                .then(Mono.defer(() -> inventory.returnPlace(hallDay, booking.id(), BookingStatus.CANCELLED.name(),
                                clock.instant())
                        .onErrorResume(failure -> {
                            log.warn("Cancellation of {} is durable; its place returns at the next rebuild: {}",
                                    booking.id(), failure.toString());
                            return Mono.just(false);
                        })))
                .then(Mono.defer(() -> phoneCap.uncount(booking)))
                .<BookingOutcome>thenReturn(new BookingOutcome.Existing(booking.withStatus(BookingStatus.CANCELLED,
                        clock.instant())))
                .onErrorResume(failure -> {
                    log.warn("Cancellation of {} not acknowledged: {}", booking.id(), failure.toString());
                    return Mono.just(new BookingOutcome.Rejected(BookingRejection.TRY_LATER,
                            "Nothing was cancelled; please try again shortly"));
                });
    }

    /** The deadline shown to clients with every booking. */
    public LocalDateTime deadline(Booking booking) {
        return policy.deadline(booking);
    }
}
