package cn.yuyue.booking.application;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A taxpayer's booking behind the release waiting room: {@link MakingBooking} once the
 * {@link ReleaseAdmission} lets it through, else 428 ADMISSION_REQUIRED naming the release. The
 * pass is spent by the booking it made and freed again by a refusal, so one pass books once.
 */
@Service
public class BookingWithAdmission {

    private static final Logger log = LoggerFactory.getLogger(BookingWithAdmission.class);

    private final MakingBooking booking;
    private final ReleaseAdmission admission;

    BookingWithAdmission(MakingBooking booking, ReleaseAdmission admission) {
        this.booking = booking;
        this.admission = admission;
    }

    public Mono<BookingOutcome> book(BookingCommand command, String admissionPass) {
        return admission
                .admit(command, admissionPass)
                .flatMap(decision -> decided(command, decision))
                // Fail closed: a room that cannot be asked lets nobody past it.
                .onErrorResume(failure -> {
                    log.warn(
                            "Booking at {} refused, the waiting room did not answer: {}",
                            command.hallCode(),
                            failure.toString());
                    return Mono.just(new BookingOutcome.Rejected(
                            BookingRejection.TRY_LATER, "Nothing was booked; please try again shortly"));
                });
    }

    private Mono<BookingOutcome> decided(BookingCommand command, ReleaseAdmission.Decision decision) {
        if (decision instanceof ReleaseAdmission.Decision.Refused refused) {
            return Mono.just(admissionRequired(refused));
        }
        if (decision instanceof ReleaseAdmission.Decision.Granted granted) {
            // Carried through like the claim itself: a client hanging up must not leave the pass bound.
            return MakingBooking.carriedThrough(booking.book(command).flatMap(outcome -> settled(granted, outcome)));
        }
        return booking.book(command);
    }

    private Mono<BookingOutcome> settled(ReleaseAdmission.Decision.Granted granted, BookingOutcome outcome) {
        return admission
                .settle(granted, outcome)
                // The booking stands either way; a pass left bound expires with its life.
                .onErrorResume(failure -> {
                    log.warn("Pass of a booking at {} not settled: {}", granted.hallCode(), failure.toString());
                    return Mono.empty();
                })
                .thenReturn(outcome);
    }

    private static BookingOutcome admissionRequired(ReleaseAdmission.Decision.Refused refused) {
        return new BookingOutcome.Rejected(
                BookingRejection.ADMISSION_REQUIRED,
                "Places of this hall and day are being released through a waiting room: " + refused.detail(),
                Map.of("releaseId", refused.releaseId()));
    }
}
