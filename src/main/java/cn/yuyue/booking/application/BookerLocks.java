package cn.yuyue.booking.application;

import java.time.Instant;
import java.util.Optional;

import reactor.core.publisher.Mono;

/** Rule 6 of the notice: a booker locked out after the third no-show, until the lock ends. */
public interface BookerLocks {

    /** When the lock of this phone ends, if it is locked now. */
    Mono<Optional<Instant>> lockedUntil(String phone);
}
