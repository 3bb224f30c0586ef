package cn.yuyue.queue;

import java.time.Duration;

import cn.yuyue.platform.BackgroundFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * Marks halls stale once their queue system falls silent, every
 * {@link QueueProperties#staleSweepInterval()}. Without it a watcher would keep seeing a dead
 * hall's last numbers as if live: silence produces no event by itself.
 */
@Component
class StalenessSweep extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(StalenessSweep.class);

    private final QueueHub hub;
    private final Duration interval;

    StalenessSweep(QueueHub hub, QueueProperties properties) {
        this.hub = hub;
        this.interval = properties.staleSweepInterval();
    }

    @Override
    protected Disposable launch() {
        return Flux.interval(interval, interval)
                // A sweep delayed past the next tick just skips that tick.
                .onBackpressureDrop()
                .map(tick -> hub.sweep())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(retry -> log.warn("Staleness sweep failed, restarting: {}",
                                retry.failure().toString())))
                .subscribe(turned -> {
                    if (turned > 0) {
                        log.debug("{} halls turned stale", turned);
                    }
                });
    }
}
