package cn.yuyue.queue;

import java.time.Duration;

import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.Timeouts;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Marks halls stale once their queue system falls silent, every
 * {@link QueueProperties#staleSweepInterval()}. Without it a watcher would keep seeing a dead
 * hall's last numbers as if live: silence produces no event by itself.
 */
@Component
class StalenessSweep extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(StalenessSweep.class);

    private final PeriodicFlow<Integer> sweeping;

    StalenessSweep(QueueHub hub, QueueProperties properties, MeterRegistry meters, Timeouts timeouts) {
        Duration interval = properties.staleSweepInterval();
        this.sweeping = PeriodicFlow.named("queue-staleness-sweep", () -> Mono.fromCallable(hub::sweep))
                .firstRoundAfter(interval)
                .every(interval)
                .timeout(timeouts.shortRound())
                .onResult(turned -> {
                    if (turned > 0) {
                        log.debug("{} halls turned stale", turned);
                    }
                })
                .onFailure(failure -> log.warn("Staleness sweep failed; next round retries: {}", failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return sweeping.start();
    }
}
