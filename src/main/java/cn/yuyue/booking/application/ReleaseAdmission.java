package cn.yuyue.booking.application;

import reactor.core.publisher.Mono;

/**
 * The release waiting room as the booking door sees it: while a released hall-day's room is
 * open, a booking there needs the admission pass its room handed out to the booking phone.
 * Implemented by the release feature; bookings for every other day pass without a look at Redis.
 */
public interface ReleaseAdmission {

    /** Whether the booking may go ahead, given the request's {@code Admission-Pass} (null when absent). */
    Mono<Decision> admit(BookingCommand command, String pass);

    /** The booking a pass let through has ended: booked (the pass is spent) or refused (it is free again). */
    Mono<Void> settle(Decision.Granted granted, BookingOutcome outcome);

    /** What the waiting room decided about one booking. */
    sealed interface Decision {

        /** No room stands in front of this hall-day now. */
        record NotRequired() implements Decision {}

        /** Let through on the pass of {@code ticket}, bound to the booking's Idempotency-Key. */
        record Granted(String releaseId, String hallCode, String ticket, String idempotencyKey) implements Decision {}

        /** The room of {@code releaseId} is open and the request has no valid pass. */
        record Refused(String releaseId, String detail) implements Decision {}
    }
}
