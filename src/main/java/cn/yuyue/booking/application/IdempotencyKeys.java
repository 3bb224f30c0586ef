package cn.yuyue.booking.application;

import reactor.core.publisher.Mono;

/**
 * Remembers which request each Idempotency-Key was first used for, across every hall and day, so a
 * key reused for a different booking is refused even when it names another hall.
 */
public interface IdempotencyKeys {

    /** True when the key is new or was used for the same request; false when it was used for another. */
    Mono<Boolean> register(String key, String fingerprint);
}
