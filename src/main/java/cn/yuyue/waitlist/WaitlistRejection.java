package cn.yuyue.waitlist;

/** Why a waitlist request was refused, one per stable API code. */
enum WaitlistRejection {
    HALL_NOT_FOUND,
    SLOT_NOT_FOUND,
    OUTSIDE_BOOKING_WINDOW,
    BOOKER_LOCKED,
    IDEMPOTENCY_KEY_REUSED,
    DUPLICATE_BOOKING,
    /** A slot asked for has places on the open market: book it instead of waiting. */
    SLOT_NOT_FULL,
    /** The phone has as many entries waiting as it may. */
    WAITLIST_CAP_REACHED,
    WAITLIST_ENTRY_NOT_FOUND,
    FORBIDDEN,
    TRY_LATER
}
