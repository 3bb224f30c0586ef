package cn.yuyue.admin.noshow;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * Puts every lock in force back into Redis at start-up, so a Redis that lost its memory does not
 * quietly lift them; PostgreSQL is the lock's durable record. Runs in the background, retrying.
 */
@Component
class BookerLockRestore implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BookerLockRestore.class);

    private final BookerLockStore locks;
    private final Clock clock;
    private volatile Disposable running;

    BookerLockRestore(BookerLockStore locks, Clock clock) {
        this.locks = locks;
        this.clock = clock;
    }

    @Override
    public void start() {
        running = locks.active(clock.instant())
                .concatMap(lock -> locks.enforce(lock.phone(), lock.lockedUntil()).thenReturn(lock))
                .count()
                .retryWhen(Retry.backoff(10, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(retry -> log.warn("Restoring booker locks failed, retrying: {}",
                                retry.failure().toString())))
                .subscribe(count -> log.info("Restored {} booker locks into Redis", count),
                        failure -> log.error("Could not restore booker locks", failure));
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }
}
