package cn.yuyue.queue;

import java.time.Duration;
import java.util.List;

import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.BackgroundFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Feeds this instance's {@link QueueHub} with the states every instance accepts.
 *
 * <p>Redis pub/sub delivers only to connected listeners, so each (re)subscription first waits for
 * Redis to confirm it and then reads every hall's stored state: whatever was published while this
 * instance was not listening is caught up, and the hub ignores what it already has. Failures are
 * logged and the subscription is retried with backoff for as long as the application runs.
 */
@Component
class QueueUpdatesListener extends BackgroundFlow {

    /** After the catalogue is loaded (its hall codes are read here), before the web server listens. */
    static final int PHASE = HallCatalogue.LOADED_BEFORE_PHASE + 1;

    private static final Logger log = LoggerFactory.getLogger(QueueUpdatesListener.class);

    private final RedisQueueStates states;
    private final QueueHub hub;
    private final HallCatalogue catalogue;

    QueueUpdatesListener(RedisQueueStates states, QueueHub hub, HallCatalogue catalogue) {
        this.states = states;
        this.hub = hub;
        this.catalogue = catalogue;
    }

    @Override
    protected Disposable launch() {
        return follow().retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(30))
                        .transientErrors(true)
                        .doBeforeRetry(retry -> log.warn(
                                "Queue updates from Redis interrupted, resubscribing: {}",
                                retry.failure().toString())))
                .subscribe(hub::offer, failure -> log.error("Queue updates from Redis stopped", failure));
    }

    private Flux<PushedState> follow() {
        return states.updates()
                .flatMapMany(updates -> Flux.merge(updates, catchUp()))
                // A subscription that ends without an error must be renewed as well.
                .concatWith(Mono.error(() -> new IllegalStateException("Redis ended the subscription")));
    }

    private Flux<PushedState> catchUp() {
        List<String> halls =
                catalogue.halls(null, null).stream().map(Hall::code).toList();
        return states.latest(halls);
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
