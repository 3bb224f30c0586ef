package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.platform.ProvinceTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The cap of active bookings per phone ({@code yuyue.booking.max-active-per-phone}). A booking is
 * counted before its place is claimed, in one atomic step against the cap, so that a phone's
 * parallel requests cannot pass it together; a claim that takes no place is uncounted at once.
 * Active means BOOKED (also with an open reschedule proposal) for today or a later day: every
 * transition that ends one (cancellation, void, check-in, no-show, withdrawal) uncounts it once its
 * event is durable, and the booking an accepted reschedule makes takes the old one's place.
 * An uncount missed on the way (an instance that died in between, a claim the event log voided)
 * only ever over-counts: when the cap is reached, the held bookings are looked up and those no
 * longer active are dropped before the phone is refused.
 */
@Component
class PhoneCap {

    private static final Logger log = LoggerFactory.getLogger(PhoneCap.class);

    private final ActiveBookingsOfPhones active;
    private final FindingBooking finding;
    private final int cap;
    /** A counted id without any record yet may be a claim still on its way; only older ones are stale. */
    private final Duration inFlight;

    private final Clock clock;

    PhoneCap(ActiveBookingsOfPhones active, FindingBooking finding, BookingProperties properties, Clock clock) {
        this.active = active;
        this.finding = finding;
        this.cap = properties.maxActivePerPhone();
        this.inFlight = properties.abandonedClaimAfter();
        this.clock = clock;
    }

    /** Counts the booking against its phone's cap; empty when counted, else the refusal. */
    Mono<Optional<BookingOutcome.Rejected>> count(Booking booking) {
        return countOnce(booking)
                .flatMap(held -> held.isEmpty()
                        ? Mono.just(held)
                        : dropInactive(booking.phone(), held)
                                .flatMap(dropped -> dropped == 0 ? Mono.just(held) : countOnce(booking)))
                .map(held -> held.isEmpty() ? Optional.empty() : Optional.of(refusal()));
    }

    private Mono<Map<String, Instant>> countOnce(Booking booking) {
        Instant now = clock.instant();
        return active.count(booking.phone(), booking.id(), LocalDate.ofInstant(now, ProvinceTime.ZONE), cap, now);
    }

    /** The booking no longer counts; a failure only over-counts until the cap is next reached. */
    Mono<Void> uncount(Booking booking) {
        return active.uncount(booking.phone(), booking.id()).onErrorResume(failure -> {
            log.warn(
                    "Booking {} still counts for its phone until the cap is reached: {}",
                    booking.id(),
                    failure.toString());
            return Mono.empty();
        });
    }

    /**
     * {@code moved}, the booking an accepted reschedule made, counts instead of {@code old}, whatever
     * the cap: the move adds no booking. Idempotent, so an accept finished later takes it again.
     */
    Mono<Void> move(Booking old, Booking moved) {
        return active.move(old.phone(), old.id(), moved.id(), clock.instant()).onErrorResume(failure -> {
            log.warn(
                    "Booking {} is not counted for its phone in place of {}: {}",
                    moved.id(),
                    old.id(),
                    failure.toString());
            return Mono.empty();
        });
    }

    private Mono<Long> dropInactive(String phone, Map<String, Instant> held) {
        Instant settledBefore = clock.instant().minus(inFlight);
        return Flux.fromIterable(held.entrySet())
                .concatMap(counted -> finding.find(counted.getKey())
                        .filter(found -> found.isPresent()
                                ? !isActive(found.get())
                                : counted.getValue().isBefore(settledBefore))
                        .flatMap(inactive ->
                                active.uncount(phone, counted.getKey()).thenReturn(counted.getKey())))
                .count()
                .doOnNext(dropped -> {
                    if (dropped > 0) {
                        log.info("{} bookings of phone {} no longer active, uncounted", dropped, MaskedPhone.of(phone));
                    }
                });
    }

    private static boolean isActive(Booking booking) {
        return booking.status() == BookingStatus.BOOKED || booking.status() == BookingStatus.RESCHEDULE_PROPOSED;
    }

    private BookingOutcome.Rejected refusal() {
        return new BookingOutcome.Rejected(
                BookingRejection.TOO_MANY_ACTIVE_BOOKINGS,
                "This phone holds " + cap + " active bookings already; cancel one or wait until one has passed",
                Map.of("maxActiveBookings", cap));
    }
}
