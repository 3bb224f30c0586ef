package cn.yuyue.booking.application;

import java.util.Map;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent.BookingCancelled;
import cn.yuyue.booking.model.Decision;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The hall voids a booking that a stranger made with someone else's taxpayer id, after the
 * taxpayer proved at the desk that the id is theirs; the booking decides ({@link Booking#voidOnProof}).
 * It ends like a cancellation (the same durable event, the place back in the inventory, the taxpayer
 * free to book that hall-day again, the cancellation SMS to the phone that booked), without the
 * cancellation deadline: the hall may void until the slot is used. A voided booking is CANCELLED,
 * never a no-show, so it never counts towards anyone's lock. Who voided it and on what proof is the
 * caller's to audit.
 */
@Service
public class VoidingBooking {

    private final FindingBooking finding;
    private final CancellingBooking cancelling;

    VoidingBooking(FindingBooking finding, CancellingBooking cancelling) {
        this.finding = finding;
        this.cancelling = cancelling;
    }

    /** Voids booking {@code id} of hall {@code hallCode}; a booking of another hall is not found. */
    public Mono<BookingOutcome> voidOnProof(String hallCode, String id) {
        return finding.find(id).flatMap(found -> {
            if (found.isEmpty() || !found.get().hallCode().equals(hallCode)) {
                return Mono.just(new BookingOutcome.Rejected(
                        BookingRejection.BOOKING_NOT_FOUND, "No booking " + id + " at hall " + hallCode));
            }
            Booking booking = found.get();
            Decision<BookingCancelled> decision = booking.voidOnProof(cancelling.stamp());
            if (decision instanceof Decision.Allowed<BookingCancelled> allowed) {
                return MakingBooking.carriedThrough(cancelling.cancelDurably(booking, allowed.event()));
            }
            return Mono.just(new BookingOutcome.Rejected(
                    BookingRejection.BOOKING_NOT_ACTIVE,
                    "A booking that is " + booking.status() + " cannot be voided",
                    Map.of("status", booking.status().name())));
        });
    }
}
