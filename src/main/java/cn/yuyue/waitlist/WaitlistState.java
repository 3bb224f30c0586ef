package cn.yuyue.waitlist;

/** Where a waitlist entry stands. Only WAITING entries are in a line. */
enum WaitlistState {
    /** In line for one or more full slots. */
    WAITING,
    /** A freed place was booked for it; {@code bookingId} names the booking. */
    BOOKED,
    /** It could no longer be served (slots too close or past, booker locked, taxpayer booked already). */
    EXPIRED,
    /** The agent left the line. */
    LEFT
}
