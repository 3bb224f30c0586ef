package cn.yuyue.admin.noshow;

import java.time.Clock;
import java.time.Duration;

import cn.yuyue.platform.BackgroundFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * Puts every lock in force back into Redis at start-up, so a Redis that lost its memory does not
 * quietly lift them; PostgreSQL is the lock's durable record. Runs in the background, retrying.
 */
@Component
class BookerLockRestore extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(BookerLockRestore.class);

    private final BookerLockStore locks;
    private final Clock clock;

    BookerLockRestore(BookerLockStore locks, Clock clock) {
        this.locks = locks;
        this.clock = clock;
    }

    @Override
    protected Disposable launch() {
        return locks.active(clock.instant())
                .concatMap(lock -> locks.enforce(lock.phone(), lock.lockedUntil()).thenReturn(lock))
                .count()
                .retryWhen(Retry.backoff(10, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(retry -> log.warn("Restoring booker locks failed, retrying: {}",
                                retry.failure().toString())))
                .subscribe(count -> log.info("Restored {} booker locks into Redis", count),
                        failure -> log.error("Could not restore booker locks", failure));
    }
}
