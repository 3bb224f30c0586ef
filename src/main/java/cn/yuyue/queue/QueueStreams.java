package cn.yuyue.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.yuyue.platform.web.EventStreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The server-sent event streams: the reconnection advice, the hub's events as {@code queue} events
 * merged with a comment heartbeat, and measured.
 *
 * <p>Each watcher's events are handed to a parallel worker one at a time ({@code publishOn} with a
 * prefetch of 1): the thread that accepted an update only drops it into each watcher's
 * {@link LatestPerHall} buffer, and the encoding and writing of a slow watcher happen elsewhere.
 */
@Component
class QueueStreams {

    static final String EVENT = "queue";

    private final QueueHub hub;
    private final Clock clock;
    private final Duration heartbeat;
    private final Timer updateDelay;
    private final EventStreams eventStreams;

    QueueStreams(
            QueueHub hub, Clock clock, QueueProperties properties, MeterRegistry meters, EventStreams eventStreams) {
        this.hub = hub;
        this.eventStreams = eventStreams;
        this.clock = clock;
        this.heartbeat = properties.heartbeat();
        Gauge.builder("yuyue.queue.watchers", hub, QueueHub::watcherCount)
                .description("Server-sent event streams of live queues open on this instance")
                .register(meters);
        Gauge.builder("yuyue.queue.watcher.backlog.max", hub, QueueHub::largestBacklog)
                .description(
                        "Largest number of hall states waiting for one slow watcher (bounded by the halls it watches)")
                .register(meters);
        this.updateDelay = Timer.builder("yuyue.queue.update.delay")
                .description(
                        "From a state's acceptance by the intake (any instance) to its hand-over to a watcher's stream")
                // Buckets only, percentiles computed by Prometheus: client-side percentiles rotate an
                // HdrHistogram phaser that may sleep, and this timer records on event loops.
                .publishPercentileHistogram()
                .register(meters);
    }

    /** The halls' current states (see {@link QueueHub#watch}), each change, and heartbeats. */
    Flux<ServerSentEvent<HallQueue>> stream(List<String> hallCodes, String lastEventId) {
        return Flux.defer(() -> {
            Instant connectedAt = clock.instant();
            Flux<ServerSentEvent<HallQueue>> events = hub.watch(hallCodes, lastEventId)
                    .publishOn(Schedulers.parallel(), 1)
                    .map(event -> toSse(event, connectedAt));
            return Flux.merge(1, events, eventStreams.<HallQueue>heartbeats(heartbeat))
                    .startWith(eventStreams.<HallQueue>opening());
        });
    }

    private ServerSentEvent<HallQueue> toSse(QueueEvent event, Instant connectedAt) {
        // Only live pushes count: the first states of a stream and stale flips are old by nature.
        if (!event.stale() && event.receivedAt() != null && !event.receivedAt().isBefore(connectedAt)) {
            Duration delay = Duration.between(event.receivedAt(), clock.instant());
            updateDelay.record(delay.isNegative() ? Duration.ZERO : delay);
        }
        return ServerSentEvent.builder(event.body()).event(EVENT).id(event.id()).build();
    }
}
