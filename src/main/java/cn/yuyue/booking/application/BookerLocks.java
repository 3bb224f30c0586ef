package cn.yuyue.booking.application;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * Where a booker's lock (rule 6) is enforced for {@link BookerChecks} to find. Whoever decides on
 * locks keeps their durable record and writes it here after; both methods are idempotent.
 */
public interface BookerLocks {

    /** The booker is refused by every hall until {@code until}; the lock ends on its own then. */
    Mono<Void> enforce(String phone, Instant until);

    /** The booker is no longer refused. */
    Mono<Void> lift(String phone);
}
