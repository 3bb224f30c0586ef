package cn.yuyue.slot.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Waits until the Redis replicas hold everything the primary had done when it was asked, so that a
 * failover (Sentinel promoting an asynchronous replica) cannot take back a place already promised.
 *
 * <p>{@code WAIT} covers the writes of the connection that sends it, and the inventory's scripts
 * run on Spring's shared connection. So this class owns a connection of its own and writes a fence
 * there first: replication is one ordered stream, so a replica that has the fence has every write
 * the primary made before it, the caller's claim included. Callers that arrive while a fence is in
 * flight share the next one: one {@code WAIT} in flight at a time, however many claims wait, so a
 * peak costs one replica round trip per batch of claims rather than per claim.
 */
public class ReplicaAcknowledgement implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaAcknowledgement.class);
    private static final String FENCE = "yy:replication-fence";

    private final int replicas;
    private final Duration timeout;
    private final RedisClient client;
    private final Mono<StatefulRedisConnection<String, String>> connection;
    private final AtomicReference<Round> open = new AtomicReference<>();

    /** Acknowledgement off: every write counts at once (a single Redis). */
    public static ReplicaAcknowledgement none() {
        return new ReplicaAcknowledgement(0, Duration.ZERO, null, null);
    }

    public ReplicaAcknowledgement(int replicas, Duration timeout, RedisClient client, RedisURI primary) {
        this.replicas = replicas;
        this.timeout = timeout;
        this.client = client;
        // A failed connect is not cached: the next caller tries again. Once open, Lettuce
        // reconnects it by itself (to the new primary, through Sentinel, after a failover).
        this.connection = client == null ? Mono.empty()
                : Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, primary))
                        .cache(open -> Duration.ofMillis(Long.MAX_VALUE), failure -> Duration.ZERO, () -> Duration.ZERO);
    }

    /**
     * True once enough replicas hold every write the primary made before this call; false when
     * they did not within the timeout (or Redis could not be asked). Never errs.
     */
    public Mono<Boolean> writesReplicated() {
        if (replicas == 0) {
            return Mono.just(true);
        }
        return Mono.defer(() -> {
            while (true) {
                Round round = open.get();
                if (round != null && round.join()) {
                    return round.result;
                }
                Round next = new Round(round == null ? Mono.just(true) : round.result);
                if (open.compareAndSet(round, next)) {
                    next.join();
                    return next.result;
                }
            }
        });
    }

    private Mono<Boolean> fenceAndWait() {
        return connection
                .flatMap(open -> open.reactive().incr(FENCE)
                        .then(open.reactive().waitForReplication(replicas, timeout.toMillis())))
                .timeout(timeout.multipliedBy(4))
                .map(acknowledged -> acknowledged >= replicas)
                .defaultIfEmpty(false)
                .onErrorResume(failure -> {
                    log.warn("Replicas could not be asked to acknowledge: {}", failure.toString());
                    return Mono.just(false);
                });
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown();
        }
    }

    /**
     * One fence and its WAIT. It starts once the round before it has finished; until then callers
     * may join it, since a fence not yet written covers their writes too.
     */
    private final class Round {

        private static final int STARTED = -1;
        private final AtomicInteger joined = new AtomicInteger();
        private volatile Mono<Boolean> previous;
        final Mono<Boolean> result;

        Round(Mono<Boolean> previous) {
            this.previous = previous;
            this.result = Mono.defer(() -> this.previous.onErrorReturn(false))
                    .then(Mono.defer(this::start))
                    .cache();
        }

        boolean join() {
            while (true) {
                int count = joined.get();
                if (count == STARTED) {
                    return false;
                }
                if (joined.compareAndSet(count, count + 1)) {
                    return true;
                }
            }
        }

        private Mono<Boolean> start() {
            joined.set(STARTED);
            // Forget the round before, or every round would keep the whole chain alive.
            previous = null;
            return fenceAndWait();
        }
    }
}
