package cn.yuyue.booking.model;

/**
 * The two facts of an accepted reschedule, published in this order: the new booking exists, then
 * the old one is withdrawn in its favour (so the log never has the old one gone without the new).
 */
public record RescheduleAccepted(
        BookingEvent.BookingConfirmed confirmed, BookingEvent.BookingRescheduled rescheduled) {}
