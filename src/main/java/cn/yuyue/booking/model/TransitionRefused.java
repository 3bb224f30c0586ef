package cn.yuyue.booking.model;

import java.time.LocalDateTime;

/** Why a booking refused a transition; values, so that each edge words them its own way. */
public sealed interface TransitionRefused {

    /** The booking is checked in already; a second check-in changes nothing. */
    record AlreadyCheckedIn() implements TransitionRefused {}

    /** The booking is not in a status the transition starts from ({@code MISSING} if unknown live). */
    record NotActive(String status) implements TransitionRefused {}

    /** The check-in window of the slot opens at {@code opensAt}. */
    record TooEarly(LocalDateTime opensAt) implements TransitionRefused {}

    /** The check-in window of the slot closed at {@code closedAt}. */
    record TooLate(LocalDateTime closedAt) implements TransitionRefused {}

    /** Only the agent who booked (the same verified phone) may cancel a booking. */
    record NotTheBooker() implements TransitionRefused {}

    /** The booking is cancelled already; a second cancellation changes nothing. */
    record AlreadyCancelled() implements TransitionRefused {}

    /** The booking could be cancelled until {@code deadline} (rule 5). */
    record CancelDeadlinePassed(LocalDateTime deadline) implements TransitionRefused {}

    /** The place offered in a reschedule is not the one held for this booking. */
    record NotItsReschedule(String heldBookingId) implements TransitionRefused {}
}
