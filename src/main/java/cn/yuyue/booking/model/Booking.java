package cn.yuyue.booking.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

import cn.yuyue.booking.model.BookingEvent.BookingCancelled;
import cn.yuyue.booking.model.BookingEvent.BookingCheckedIn;
import cn.yuyue.booking.model.BookingEvent.BookingConfirmed;
import cn.yuyue.booking.model.BookingEvent.BookingMarkedNoShow;
import cn.yuyue.booking.model.BookingEvent.BookingRescheduleProposed;
import cn.yuyue.booking.model.BookingEvent.BookingRescheduled;

/**
 * One appointment: one taxpayer, one hall, one slot, one or more businesses. The booking decides its
 * own transitions: each takes the command and answers the event to record or why not, and changes
 * nothing itself; the caller makes the event durable, and the live and durable records follow it.
 *
 * @param id             global booking id, see {@link BookingId}
 * @param appointmentSeq sequence of the hall-day behind {@link AppointmentNumber}
 * @param phone          the verified mobile number of the agent who booked (personal data)
 * @param idempotencyKey the client's Idempotency-Key of the request that created it
 * @param fingerprint    digest of that request, to tell a replay from a reuse of the key
 */
public record Booking(
        String id,
        long appointmentSeq,
        String hallCode,
        LocalDate date,
        LocalTime start,
        LocalTime end,
        BookingStatus status,
        String taxpayerId,
        String taxpayerName,
        String phone,
        List<String> businessTypes,
        Channel channel,
        String idempotencyKey,
        String fingerprint,
        Instant createdAt,
        Instant updatedAt) {

    public Booking {
        businessTypes = List.copyOf(businessTypes);
    }

    public String appointmentNo() {
        return AppointmentNumber.format(appointmentSeq);
    }

    public Booking withStatus(BookingStatus newStatus, Instant at) {
        return new Booking(
                id,
                appointmentSeq,
                hallCode,
                date,
                start,
                end,
                newStatus,
                taxpayerId,
                taxpayerName,
                phone,
                businessTypes,
                channel,
                idempotencyKey,
                fingerprint,
                createdAt,
                at);
    }

    public Booking withAppointmentSeq(long seq) {
        return new Booking(
                id,
                seq,
                hallCode,
                date,
                start,
                end,
                status,
                taxpayerId,
                taxpayerName,
                phone,
                businessTypes,
                channel,
                idempotencyKey,
                fingerprint,
                createdAt,
                updatedAt);
    }

    /** 现场确认: a BOOKED booking, inside its slot's check-in window. */
    public Decision<BookingCheckedIn> checkIn(EventStamp stamp, LocalDateTime now, CheckInWindow window) {
        if (status == BookingStatus.CHECKED_IN) {
            return new Decision.Refused<>(new TransitionRefused.AlreadyCheckedIn());
        }
        if (status != BookingStatus.BOOKED) {
            return new Decision.Refused<>(new TransitionRefused.NotActive(status.name()));
        }
        if (now.isBefore(window.opens(this))) {
            return new Decision.Refused<>(new TransitionRefused.TooEarly(window.opens(this)));
        }
        if (now.isAfter(window.closes(this))) {
            return new Decision.Refused<>(new TransitionRefused.TooLate(window.closes(this)));
        }
        return new Decision.Allowed<>(new BookingCheckedIn(stamp.eventId(), stamp.at(), id, hallCode, date));
    }

    /**
     * Rule 6: the slot ended unused and the live record was marked NO_SHOW (only from BOOKED, so a
     * withdrawn, rescheduled or cancelled booking never counts); the no-show is then a fact.
     */
    public Decision<BookingMarkedNoShow> recordNoShow(EventStamp stamp) {
        if (status != BookingStatus.NO_SHOW) {
            return new Decision.Refused<>(new TransitionRefused.NotActive(status.name()));
        }
        return new Decision.Allowed<>(new BookingMarkedNoShow(stamp.eventId(), stamp.at(), id, hallCode, date));
    }

    /**
     * Rule 5: the agent who booked (the same verified phone) cancels a booking that holds its place
     * and was not used yet, until the policy's deadline before the slot. A second cancellation is
     * refused as {@link TransitionRefused.AlreadyCancelled}, which the caller answers as done.
     */
    public Decision<BookingCancelled> cancel(
            EventStamp stamp, String byPhone, LocalDateTime now, CancellationPolicy policy) {
        if (!phone.equals(byPhone)) {
            return new Decision.Refused<>(new TransitionRefused.NotTheBooker());
        }
        if (status == BookingStatus.CANCELLED) {
            return new Decision.Refused<>(new TransitionRefused.AlreadyCancelled());
        }
        if (!status.holdsPlace() || status == BookingStatus.CHECKED_IN) {
            return new Decision.Refused<>(new TransitionRefused.NotActive(status.name()));
        }
        if (!policy.allows(this, now)) {
            return new Decision.Refused<>(new TransitionRefused.CancelDeadlinePassed(policy.deadline(this)));
        }
        return new Decision.Allowed<>(
                new BookingCancelled(stamp.eventId(), stamp.at(), id, hallCode, date, BookingStatus.CANCELLED));
    }

    /**
     * The hall voids a booking made with someone else's taxpayer id, on the taxpayer's proof: it ends
     * CANCELLED like a cancellation, without the deadline. Only a plain BOOKED booking: a checked-in
     * one was used, a cancelled one is void already, and one with an open reschedule proposal holds a
     * second place the proposal must free first.
     */
    public Decision<BookingCancelled> voidOnProof(EventStamp stamp) {
        if (status != BookingStatus.BOOKED) {
            return new Decision.Refused<>(new TransitionRefused.NotActive(status.name()));
        }
        return new Decision.Allowed<>(
                new BookingCancelled(stamp.eventId(), stamp.at(), id, hallCode, date, BookingStatus.CANCELLED));
    }

    /** Rule 4: only a BOOKED booking is offered another time; one already offered waits for its answer. */
    public boolean mayBeRescheduled() {
        return status == BookingStatus.BOOKED;
    }

    /** The hall offers the place it holds as {@code newBookingId}; this booking keeps its own until answered. */
    public Decision<BookingRescheduleProposed> proposeReschedule(EventStamp stamp, String newBookingId) {
        if (!mayBeRescheduled()) {
            return new Decision.Refused<>(new TransitionRefused.NotActive(status.name()));
        }
        return new Decision.Allowed<>(
                new BookingRescheduleProposed(stamp.eventId(), stamp.at(), id, hallCode, date, newBookingId));
    }

    /** The Idempotency-Key of the place held for this booking's reschedule, which ties the two together. */
    public String rescheduleKey() {
        return "reschedule-" + id;
    }

    /**
     * The place the hall holds in another slot to offer this booking: a PENDING booking of the same
     * taxpayer, phone and businesses, tied to this one by its {@link #rescheduleKey()}; it becomes a
     * booking only if the taxpayer accepts.
     */
    public Booking placeHeldForReschedule(
            String heldId, String newHallCode, LocalDate newDate, LocalTime newStart, LocalTime newEnd, Instant at) {
        return new Booking(
                heldId,
                0,
                newHallCode,
                newDate,
                newStart,
                newEnd,
                BookingStatus.PENDING,
                taxpayerId,
                taxpayerName,
                phone,
                businessTypes,
                channel,
                rescheduleKey(),
                "reschedule",
                at,
                at);
    }

    /**
     * The taxpayer accepts: the place held for this booking becomes a booking and this one is withdrawn
     * in its favour. Not refused for this booking's status: an accept interrupted after its events
     * were durable is finished by the next one, when this booking may already be withdrawn.
     */
    public Decision<RescheduleAccepted> acceptReschedule(EventStamp confirmed, EventStamp rescheduled, Booking held) {
        if (!Objects.equals(held.idempotencyKey(), rescheduleKey())) {
            return new Decision.Refused<>(new TransitionRefused.NotItsReschedule(held.id()));
        }
        Booking moved = held.withStatus(BookingStatus.BOOKED, confirmed.at());
        return new Decision.Allowed<>(new RescheduleAccepted(
                new BookingConfirmed(confirmed.eventId(), confirmed.at(), moved),
                rescheduledTo(rescheduled, moved.id())));
    }

    /** This booking is withdrawn in favour of {@code newBookingId}, already confirmed. */
    public BookingRescheduled rescheduledTo(EventStamp stamp, String newBookingId) {
        return new BookingRescheduled(stamp.eventId(), stamp.at(), id, hallCode, date, newBookingId);
    }

    /**
     * A proposal declined or left unanswered: the hall withdraws the booking, which never counts
     * against the taxpayer (rule 4). Always allowed, and idempotent downstream.
     */
    public BookingCancelled withdrawByHall(EventStamp stamp) {
        return new BookingCancelled(stamp.eventId(), stamp.at(), id, hallCode, date, BookingStatus.WITHDRAWN_BY_HALL);
    }
}
