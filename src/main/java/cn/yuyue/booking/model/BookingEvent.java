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
    record BookingCancelled(String eventId, Instant occurredAt, String bookingId, String hallCode, LocalDate date,
                            BookingStatus status) implements BookingEvent {
    }
}
