package cn.yuyue.booking.application;

import java.time.Instant;

/** What {@link BookerChecks} found; a lock is answered before a reused key. */
public sealed interface BookerCheck {

    /** Not locked, and the key is new or was first used for this same request. */
    record Admitted() implements BookerCheck {}

    /** Locked out of every hall until {@code until}. */
    record Locked(Instant until) implements BookerCheck {}

    /** The phone first used the key for a different request. */
    record KeyReused() implements BookerCheck {}
}
