package cn.yuyue.booking.application;

/** Why a booking or cancellation was refused, one per stable API code. */
public enum BookingRejection {
    HALL_NOT_FOUND,
    SLOT_NOT_FOUND,
    BOOKING_NOT_FOUND,
    SLOT_FULL,
    DUPLICATE_BOOKING,
    /** The phone holds {@code yuyue.booking.max-active-per-phone} active bookings already. */
    TOO_MANY_ACTIVE_BOOKINGS,
    OUTSIDE_BOOKING_WINDOW,
    CANCEL_TOO_LATE,
    BOOKING_NOT_ACTIVE,
    IDEMPOTENCY_KEY_REUSED,
    REQUEST_IN_PROGRESS,
    BOOKER_LOCKED,
    FORBIDDEN,
    ADMISSION_REQUIRED,
    TRY_LATER
}
