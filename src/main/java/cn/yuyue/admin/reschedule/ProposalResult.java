package cn.yuyue.admin.reschedule;

import java.time.LocalDate;
import java.time.LocalTime;

import cn.yuyue.booking.model.BookingStatus;

/** What proposing a new time came to; {@link RescheduleController} words each answer. */
public sealed interface ProposalResult {

    /** The new place is held and the booking is RESCHEDULE_PROPOSED durably; the taxpayer was told. */
    record Proposed(RescheduleProposals.Proposal proposal) implements ProposalResult {}

    /** The hall of the new slot does not exist. */
    record HallNotFound(String hallCode) implements ProposalResult {}

    /** The hall of the new slot lies in {@code newCity}, not in the booking's {@code city}. */
    record OtherCity(String city, String newHallCode, String newCity) implements ProposalResult {}

    /** The hall has no booking {@code bookingId}. */
    record BookingNotFound(String bookingId, String hallCode) implements ProposalResult {}

    /** Only a BOOKED booking can be moved. */
    record NotBooked(BookingStatus status) implements ProposalResult {}

    /** The booking left its status while the place was being held; nothing was proposed. */
    record NoLongerActive(String status) implements ProposalResult {}

    /**
     * No open slot starts at {@code start} on {@code date}: in the plan of {@code hallCode}, or in the
     * built day when the hold found none ({@code hallCode} null).
     */
    record SlotNotFound(String hallCode, LocalDate date, LocalTime start) implements ProposalResult {}

    /** The new slot has no place left. */
    record SlotFull(LocalDate date, LocalTime start) implements ProposalResult {}

    /** The taxpayer already holds a booking at that hall that day. */
    record TaxpayerBookedThere() implements ProposalResult {}

    /** The proposed slot is the booking's own. */
    record SameSlot() implements ProposalResult {}

    /** The old or the new slot starts now or has passed: the taxpayer could not answer in time. */
    record TooLate() implements ProposalResult {}

    /** The booking has an open proposal already. */
    record ProposalOpen() implements ProposalResult {}

    /** The booking's part was not recorded; the proposal and its hold were undone. */
    record NotProposed() implements ProposalResult {}

    /**
     * The booking's part was neither recorded nor refused in time: its fate is not known yet, so the
     * proposal and its hold stay, and the expiry ends them as the event log says.
     */
    record NotConfirmedYet() implements ProposalResult {}
}
