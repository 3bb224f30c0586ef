package cn.yuyue.booking.model;

/** Where a booking stands. Only the first four hold a place in their slot. */
public enum BookingStatus {
    /** Internal: the place is held while its event is made durable; never shown to clients. */
    PENDING,
    BOOKED,
    CHECKED_IN,
    RESCHEDULE_PROPOSED,
    CANCELLED,
    NO_SHOW,
    WITHDRAWN_BY_HALL,
    COMPLETED;

    public boolean holdsPlace() {
        return this == PENDING || this == BOOKED || this == CHECKED_IN || this == RESCHEDULE_PROPOSED;
    }

    /** What clients see: a held place whose confirmation was answered is a booking. */
    public BookingStatus visible() {
        return this == PENDING ? BOOKED : this;
    }
}
