package cn.yuyue.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This instance's view of every hall's live queue, and the fan-out to its watchers.
 *
 * <p>Fed by the states accepted here and by those every instance publishes through Redis; a state
 * is taken only if its sequence is newer than the one held, so the two paths and their races
 * cannot move a hall backwards. Snapshots and the first events of a stream are answered from here,
 * without a Redis round trip per watcher.
 *
 * <p>Changes go out through a best-effort multicast sink: emitting never waits for a watcher, and
 * each watcher's {@link LatestPerHall} buffer always accepts, keeping only the latest per hall.
 * Emission happens under one lock so that the held state and the emitted order agree.
 */
@Component
class QueueHub {

    private final Clock clock;
    private final Duration staleAfter;
    private final Object lock = new Object();
    private final Map<String, QueueEvent> current = new ConcurrentHashMap<>();
    private final Sinks.Many<QueueEvent> changes = Sinks.many().multicast().directBestEffort();
    private final Set<LatestPerHall.Buffer> watchers = ConcurrentHashMap.newKeySet();

    QueueHub(Clock clock, QueueProperties properties) {
        this.clock = clock;
        this.staleAfter = properties.staleAfter();
    }

    /** Takes the state if it is newer than the one held; returns whether watchers were told. */
    boolean offer(PushedState state) {
        Instant now = clock.instant();
        synchronized (lock) {
            QueueEvent held = current.get(state.hallCode());
            if (held != null && held.sequence() >= state.sequence()) {
                return false;
            }
            emit(QueueEvent.of(state, staleAt(state.receivedAt(), now)));
            return true;
        }
    }

    /**
     * Marks every hall that fell silent as stale and tells its watchers.
     *
     * @return how many halls turned stale
     */
    int sweep() {
        Instant now = clock.instant();
        int turned = 0;
        synchronized (lock) {
            for (QueueEvent held : new ArrayList<>(current.values())) {
                if (!held.stale() && staleAt(held.receivedAt(), now)) {
                    emit(held.turnedStale());
                    turned++;
                }
            }
        }
        return turned;
    }

    /** The hall's state now; a hall without one is stale with no groups. */
    QueueEvent current(String hallCode) {
        QueueEvent held = current.get(hallCode);
        return held != null ? held : QueueEvent.none(hallCode);
    }

    /**
     * The halls' states now, then each change, conflated per hall for a slow watcher.
     *
     * @param lastEventId the id of the last event the watcher got before reconnecting, or null. The
     *                    hall it names is left out of the first events if it has not changed since;
     *                    every other hall is sent, because one id cannot tell what the watcher has of
     *                    the others, and each event carries a full state, so a repeat is harmless.
     */
    Flux<QueueEvent> watch(List<String> hallCodes, String lastEventId) {
        Set<String> halls = Set.copyOf(hallCodes);
        Flux<QueueEvent> live = changes.asFlux().filter(event -> halls.contains(event.hallCode()));
        return new LatestPerHall(
                live,
                () -> hallCodes.stream()
                        .map(this::current)
                        .filter(event -> !event.id().equals(lastEventId))
                        .toList(),
                watchers);
    }

    /** Watchers subscribed now. */
    int watcherCount() {
        return watchers.size();
    }

    /** The largest backlog of any watcher: at most the number of halls it watches. */
    int largestBacklog() {
        return watchers.stream().mapToInt(LatestPerHall.Buffer::backlog).max().orElse(0);
    }

    private void emit(QueueEvent event) {
        current.put(event.hallCode(), event);
        // Under the lock, so never FAIL_NON_SERIALIZED; no subscriber (FAIL_ZERO_SUBSCRIBER) is fine.
        changes.tryEmitNext(event);
    }

    private boolean staleAt(Instant receivedAt, Instant now) {
        return receivedAt.plus(staleAfter).isBefore(now);
    }
}
