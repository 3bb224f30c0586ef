package cn.yuyue.booking.application;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * The checks of one booker (a phone) before a claim, answered together: rule 6 of the notice (a
 * booker locked out after the third no-show, until the lock ends) and the Idempotency-Key, which
 * remembers the first request the phone sent with it across every hall and day, so a key reused
 * for a different booking is refused even when it names another hall. A phone's keys are its own.
 */
public interface BookerChecks {

    /** Remembers {@code key} for the request with {@code fingerprint} if it is new, and answers. */
    Mono<BookerCheck> check(String phone, String key, String fingerprint, Instant now);

    /**
     * Forgets what {@link #check} remembered for {@code key}: for the start-up warm-up, whose
     * phones are not real bookers and whose keys must not outlive it.
     */
    Mono<Void> forget(String phone, String key);
}
