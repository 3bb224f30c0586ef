package cn.yuyue.admin.schedule;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolBuilder;

/**
 * Lets one change of live capacity run at a time on this instance: a staff edit with its
 * adjustments, or a round of {@link ReplanningBuiltDays}. Otherwise a round that read the plan
 * just before an edit committed could write it just after the edit's own adjustment, and the
 * built days would show the older plan until the next round. Edits are rare; waiting costs little.
 */
@Component
class ScheduleEdits {

    private final InstrumentedPool<Object> turn = PoolBuilder.from(Mono.just(new Object()))
            .sizeBetween(0, 1)
            .maxPendingAcquireUnbounded()
            .buildPool();

    <T> Mono<T> inTurn(Mono<T> work) {
        return turn.withPoolable(permit -> work).next();
    }
}
