package cn.yuyue.admin.reschedule;

import cn.yuyue.booking.model.Booking;

/**
 * What the taxpayer's answer to a proposal came to; {@link TaxpayerRescheduleController} words each
 * answer. {@link Lookup} is what finding the proposal came to, before any answer.
 */
public sealed interface AnswerResult {

    /** What looking up the proposal of a booking for the phone that booked it found. */
    sealed interface Lookup {}

    /** The proposal, in whatever state it is. */
    record Found(RescheduleProposals.Proposal proposal) implements Lookup {}

    /** Nothing this phone may answer; every answer meets these before anything else. */
    sealed interface NothingToAnswer extends Lookup, AnswerResult {}

    /** No booking {@code bookingId}. */
    record BookingNotFound(String bookingId) implements NothingToAnswer {}

    /** The booking was made with another phone. */
    record OtherPhone() implements NothingToAnswer {}

    /** The hall has not proposed a new time for this booking. */
    record NoProposal() implements NothingToAnswer {}

    /** Accepted: {@code booking} is the new one, and the old one is withdrawn by the hall. */
    record Moved(Booking booking) implements AnswerResult {}

    /** Declined: the booking is withdrawn by the hall, without penalty. */
    record Declined() implements AnswerResult {}

    /** The proposal was answered already, or ended; {@code status} says how. */
    record Answered(String status) implements AnswerResult {}

    /** The deadline passed; the hall withdrew the booking without penalty. */
    record Expired() implements AnswerResult {}

    /** Another answer to this proposal is running. */
    record InProgress() implements AnswerResult {}

    /** The held place is gone; the hall must propose again. */
    record Lost() implements AnswerResult {}

    /** Nothing of the answer was recorded; it may be sent again. */
    record NotRecorded() implements AnswerResult {}

    /** The answer is recorded but a later step failed; sending it again finishes it as the log says. */
    record Unfinished() implements AnswerResult {}
}
