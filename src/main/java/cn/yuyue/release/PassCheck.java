package cn.yuyue.release;

/** What room-use-pass.lua decided about a booking's pass; mapped from its reply in {@link RedisRooms}. */
sealed interface PassCheck {

    /** The booking may go ahead on the pass of {@code ticket}, now bound to its Idempotency-Key. */
    record Granted(String ticket) implements PassCheck {}

    /** The hall's room is sold out: the door needs no pass any more. */
    record NotRequired() implements PassCheck {}

    /** No valid pass; {@code why} tells the client what was wrong with it. */
    record Refused(String why) implements PassCheck {}
}
