package cn.yuyue.booking.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Facts about bookings, in the past tense, as they travel through Kafka to PostgreSQL (and to
 * whoever else listens). Keyed by hall so that one hall's events stay in order.
 */
public sealed interface BookingEvent {

    String eventId();

    Instant occurredAt();

    String bookingId();

    String hallCode();

    LocalDate date();

    /** A place was taken and the booking exists; the full booking travels with it. */
    record BookingConfirmed(String eventId, Instant occurredAt, Booking booking) implements BookingEvent {
        @Override
        public String bookingId() {
            return booking.id();
        }

        @Override
        public String hallCode() {
            return booking.hallCode();
        }

        @Override
        public LocalDate date() {
            return booking.date();
        }
    }

    /** The booking stopped holding its place: cancelled by the taxpayer, or withdrawn by the hall. */
    record BookingCancelled(
            String eventId, Instant occurredAt, String bookingId, String hallCode, LocalDate date, BookingStatus status)
            implements BookingEvent {}

    /** The guide checked the taxpayer in on site; queue systems serve such bookings first. */
    record BookingCheckedIn(String eventId, Instant occurredAt, String bookingId, String hallCode, LocalDate date)
            implements BookingEvent {}

    /** The slot ended without a check-in or a cancellation: a no-show (rule 6), recorded once. */
    record BookingMarkedNoShow(String eventId, Instant occurredAt, String bookingId, String hallCode, LocalDate date)
            implements BookingEvent {}

    /** The hall proposed a new time; the booking keeps its place until the taxpayer answers. */
    record BookingRescheduleProposed(
            String eventId, Instant occurredAt, String bookingId, String hallCode, LocalDate date, String newBookingId)
            implements BookingEvent {}

    /**
     * The taxpayer accepted the new time: this booking is withdrawn by the hall (never counted
     * against the taxpayer) and {@code newBookingId}, confirmed separately, replaces it.
     */
    record BookingRescheduled(
            String eventId, Instant occurredAt, String bookingId, String hallCode, LocalDate date, String newBookingId)
            implements BookingEvent {}

    /**
     * Whoever held the claim could not learn whether its {@link BookingConfirmed} became durable
     * (the acknowledgement was lost, the instance died, the hold was found unsettled). Kafka keeps one
     * hall's events in order, so this marker decides the claim for certain: it stands if its
     * confirmation comes before this event in the log, and is void otherwise, for good (a
     * confirmation after it is ignored). Only then does the held place go back.
     */
    record BookingClaimAbandoned(String eventId, Instant occurredAt, String bookingId, String hallCode, LocalDate date)
            implements BookingEvent {}
}
