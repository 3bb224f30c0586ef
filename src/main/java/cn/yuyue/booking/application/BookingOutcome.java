package cn.yuyue.booking.application;

import java.util.Map;

import cn.yuyue.booking.model.Booking;

/** What a booking use case decided: a value for every business outcome. */
public sealed interface BookingOutcome {

    /** A new booking; its event is durable. */
    record Created(Booking booking) implements BookingOutcome {}

    /** An existing booking (a replay of the same request, a read, a repeated cancel). */
    record Existing(Booking booking) implements BookingOutcome {}

    /** Refused; nothing changed. {@code details} become extra members of the problem body. */
    record Rejected(BookingRejection reason, String detail, Map<String, Object> details) implements BookingOutcome {
        public Rejected(BookingRejection reason, String detail) {
            this(reason, detail, Map.of());
        }
    }
}
