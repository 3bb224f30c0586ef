package cn.yuyue.slot.redis;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import cn.yuyue.slot.HallDay;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Waits until the Redis replicas hold everything the primary had done when it was asked, so that a
 * failover (Sentinel or Redis Cluster promoting an asynchronous replica) cannot take back a place
 * already promised.
 *
 * <p>{@code WAIT} covers the writes of the connection that sends it, and the inventory's scripts
 * run on Spring's shared connection. So this class owns connections of its own and writes a fence
 * there first: replication is one ordered stream per primary, so a replica that has the fence has
 * every write its primary made before it, the caller's claim included. On Redis Cluster each
 * hall-day lives on one of several primaries: the fence carries the hall-day's hash tag, so it is
 * written to, and {@code WAIT} asks, the primary that holds that hall-day.
 *
 * <p>Callers that arrive while a primary's fence is in flight share its next one: one {@code WAIT}
 * in flight per primary at a time, however many claims wait, so a peak costs one replica round
 * trip per batch of claims rather than per claim.
 */
public class ReplicaAcknowledgement implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaAcknowledgement.class);
    private static final String FENCE = "yy:replication-fence";
    /** Fences only need to be written; they expire so that per-hall-day fences do not pile up. */
    private static final long FENCE_LIFE_MILLIS = 60_000;

    private final int replicas;
    private final Duration timeout;
    private final Primaries primaries;
    /** The open round of each primary, by the primary's name. */
    private final ConcurrentMap<String, AtomicReference<Round>> open = new ConcurrentHashMap<>();

    /** Acknowledgement off: every write counts at once (a single Redis). */
    public static ReplicaAcknowledgement none() {
        return new ReplicaAcknowledgement(0, Duration.ZERO, null);
    }

    /** A standalone primary with replicas, or the primary a Sentinel names. */
    public static ReplicaAcknowledgement onPrimary(
            int replicas, Duration timeout, RedisClient client, RedisURI primary) {
        return new ReplicaAcknowledgement(replicas, timeout, new SinglePrimary(client, primary));
    }

    /** A Redis Cluster: each hall-day is acknowledged by the replicas of the primary that owns its slot. */
    public static ReplicaAcknowledgement onCluster(int replicas, Duration timeout, RedisClusterClient client) {
        return new ReplicaAcknowledgement(replicas, timeout, new ClusterPrimaries(client));
    }

    private ReplicaAcknowledgement(int replicas, Duration timeout, Primaries primaries) {
        this.replicas = replicas;
        this.timeout = timeout;
        this.primaries = primaries;
    }

    /**
     * True once enough replicas hold every write the primary of {@code hallDay} made before this
     * call; false when they did not within the timeout (or Redis could not be asked). Never errs.
     */
    public Mono<Boolean> writesReplicated(HallDay hallDay) {
        if (replicas == 0) {
            return Mono.just(true);
        }
        String fenceKey = primaries.fenceKey(hallDay);
        return primaries
                .primaryOf(fenceKey)
                .flatMap(primary -> joinRound(primary, fenceKey))
                .onErrorResume(failure -> {
                    log.warn("The Redis primary of {} could not be found: {}", hallDay, describe(failure));
                    return Mono.just(false);
                });
    }

    private Mono<Boolean> joinRound(String primary, String fenceKey) {
        AtomicReference<Round> rounds = open.computeIfAbsent(primary, name -> new AtomicReference<>());
        while (true) {
            Round round = rounds.get();
            if (round != null && round.join()) {
                return round.result;
            }
            Round next = new Round(round == null ? Mono.just(true) : round.result, primary, fenceKey);
            if (rounds.compareAndSet(round, next)) {
                next.join();
                return next.result;
            }
        }
    }

    private Mono<Boolean> fenceAndWait(String primary, String fenceKey) {
        return primaries
                .connectionTo(primary)
                .flatMap(connection -> connection
                        .reactive()
                        .psetex(fenceKey, FENCE_LIFE_MILLIS, "1")
                        .then(connection.reactive().waitForReplication(replicas, timeout.toMillis())))
                .timeout(timeout.multipliedBy(4))
                .map(acknowledged -> acknowledged >= replicas)
                .defaultIfEmpty(false)
                .onErrorResume(failure -> {
                    log.warn("Replicas could not be asked to acknowledge: {}", describe(failure));
                    return Mono.just(false);
                });
    }

    /** The failure and its cause: Lettuce's "Unable to connect" says why only in its cause. */
    private static String describe(Throwable failure) {
        return failure.getCause() == null ? failure.toString() : failure + " (" + failure.getCause() + ")";
    }

    @Override
    public void close() {
        if (primaries != null) {
            primaries.close();
        }
    }

    /** Where the fences go: the one primary, or the cluster primary that owns a key's slot. */
    private interface Primaries {

        /** A key on the primary that holds the hall-day's keys. */
        String fenceKey(HallDay hallDay);

        /** The name of the primary that holds {@code key}. */
        Mono<String> primaryOf(String key);

        /** A connection of this class's own to that primary. */
        Mono<StatefulRedisConnection<String, String>> connectionTo(String primary);

        void close();
    }

    private static final class SinglePrimary implements Primaries {

        private static final Mono<String> THE_PRIMARY = Mono.just("primary");
        private final RedisClient client;
        private final Mono<StatefulRedisConnection<String, String>> connection;

        SinglePrimary(RedisClient client, RedisURI primary) {
            this.client = client;
            // A failed connect is not cached: the next caller tries again. Once open, Lettuce
            // reconnects it by itself (to the new primary, through Sentinel, after a failover).
            this.connection = Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, primary))
                    .cache(open -> Duration.ofMillis(Long.MAX_VALUE), failure -> Duration.ZERO, () -> Duration.ZERO);
        }

        @Override
        public String fenceKey(HallDay hallDay) {
            return FENCE;
        }

        @Override
        public Mono<String> primaryOf(String key) {
            return THE_PRIMARY;
        }

        @Override
        public Mono<StatefulRedisConnection<String, String>> connectionTo(String primary) {
            return connection;
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }

    /**
     * The cluster's primaries by node id. Lettuce keeps the slot map current (it follows
     * redirections and refreshes the topology) and one connection per node, which it reopens
     * after a failover.
     */
    private static final class ClusterPrimaries implements Primaries {

        private final RedisClusterClient client;
        private final Mono<StatefulRedisClusterConnection<String, String>> cluster;

        ClusterPrimaries(RedisClusterClient client) {
            this.client = client;
            // Lettuce must load the cluster's slot map before any asynchronous connect, and loading it
            // blocks: so the first connect runs off the event loops.
            this.cluster = Mono.fromCallable(() -> client.connect(StringCodec.UTF8))
                    .subscribeOn(Schedulers.boundedElastic())
                    .cache(open -> Duration.ofMillis(Long.MAX_VALUE), failure -> Duration.ZERO, () -> Duration.ZERO);
        }

        @Override
        public String fenceKey(HallDay hallDay) {
            return FENCE + hallDay.hashTag();
        }

        @Override
        public Mono<String> primaryOf(String key) {
            int slot = SlotHash.getSlot(key);
            return cluster.flatMap(connection -> {
                RedisClusterNode owner = connection.getPartitions().getMasterBySlot(slot);
                return owner == null
                        ? Mono.error(new IllegalStateException("No Redis Cluster primary serves slot " + slot))
                        : Mono.just(owner.getNodeId());
            });
        }

        @Override
        public Mono<StatefulRedisConnection<String, String>> connectionTo(String primary) {
            return cluster.flatMap(
                    connection -> Mono.fromCompletionStage(() -> connection.getConnectionAsync(primary)));
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }

    /**
     * One fence and its WAIT on one primary. It starts once that primary's round before it has
     * finished; until then callers may join it, since a fence not yet written covers their writes too.
     */
    private final class Round {

        private static final int STARTED = -1;
        private final AtomicInteger joined = new AtomicInteger();
        private final String primary;
        private final String fenceKey;
        private volatile Mono<Boolean> previous;
        final Mono<Boolean> result;

        Round(Mono<Boolean> previous, String primary, String fenceKey) {
            this.previous = previous;
            this.primary = primary;
            this.fenceKey = fenceKey;
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
            return fenceAndWait(primary, fenceKey);
        }
    }
}
