package cn.yuyue.admin.noshow;

import java.time.Clock;
import java.time.Duration;

import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.Timeouts;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Puts every lock in force back into Redis whenever Redis has lost them, so a Redis restart or a
 * failover does not quietly lift them; PostgreSQL is the lock's durable record. A marker key is
 * written after each restore and goes with the locks when Redis loses its memory: each minute,
 * its absence is the sign to restore. (Restoring unconditionally would race an admin's unlock.)
 */
@Component
class BookerLockRestore extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(BookerLockRestore.class);
    static final String RESTORED_MARKER = "yy:booker-locks-restored";
    private static final Duration EVERY = Duration.ofMinutes(1);

    private final BookerLockStore locks;
    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final PeriodicFlow<Long> restoring;
    private final Duration timeout;

    BookerLockRestore(
            BookerLockStore locks,
            ReactiveStringRedisTemplate redis,
            Clock clock,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.locks = locks;
        this.redis = redis;
        this.clock = clock;
        this.restoring = PeriodicFlow.named("booker-lock-restore", this::restoreIfLost)
                .firstRoundAfter(Duration.ZERO)
                .every(EVERY)
                .timeout(timeouts.backgroundRound())
                .onResult(count -> log.info("Redis had lost its booker locks: restored {}", count))
                .onFailure(failure ->
                        log.warn("Restoring booker locks failed, next try in {}: {}", EVERY, failure.toString()))
                .build(meters);
        this.timeout = timeouts.backgroundRedis();
    }

    @Override
    protected Disposable launch() {
        return restoring.start();
    }

    /** Restores the locks in force if the marker is gone; completes empty when nothing was lost. */
    Mono<Long> restoreIfLost() {
        return redis.hasKey(RESTORED_MARKER)
                .timeout(timeout)
                .filter(present -> !present)
                .flatMap(lost -> locks.active(clock.instant())
                        .concatMap(lock ->
                                locks.enforce(lock.phone(), lock.lockedUntil()).thenReturn(lock))
                        .count()
                        .flatMap(count -> redis.opsForValue()
                                .set(RESTORED_MARKER, clock.instant().toString())
                                .timeout(timeout)
                                .thenReturn(count)));
    }
}
