package cn.yuyue.slot.redis;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import cn.yuyue.platform.local.RedisCluster;
import cn.yuyue.slot.HallDay;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * On Redis Cluster a claim counts once the replica of the master that holds its hall-day has it:
 * losing another master's replica must not matter, losing its own must. A fence written to the
 * wrong master, or a WAIT asked of it, would pass the first check and fail the second.
 */
class ClusterReplicaAcknowledgementIntegrationTest {

    private static final Duration REPLICA_TIMEOUT = Duration.ofMillis(500);

    private static RedisCluster cluster;
    private static ReplicaAcknowledgement acknowledgement;

    @BeforeAll
    static void start() throws IOException {
        cluster = new RedisCluster(3, 1);
        List<RedisURI> nodes = Arrays.stream(cluster.nodes().split(","))
                .map(node -> RedisURI.create("redis://" + node))
                .toList();
        acknowledgement = ReplicaAcknowledgement.onCluster(1, REPLICA_TIMEOUT, RedisClusterClient.create(nodes));
    }

    @AfterAll
    static void stop() {
        if (acknowledgement != null) {
            acknowledgement.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void should_wait_for_the_replica_of_the_master_that_holds_the_hall_day() {
        HallDay losing = new HallDay("34010171", LocalDate.of(2026, 12, 14));
        HallDay other = hallDayOnAnotherMasterThan(losing);

        StepVerifier.create(acknowledgement.writesReplicated(losing))
                .expectNext(true)
                .verifyComplete();
        StepVerifier.create(acknowledgement.writesReplicated(other))
                .expectNext(true)
                .verifyComplete();

        cluster.stopReplicasOf(losing.hashTag());

        StepVerifier.create(acknowledgement.writesReplicated(losing))
                .expectNext(false)
                .verifyComplete();
        StepVerifier.create(acknowledgement.writesReplicated(other))
                .expectNext(true)
                .verifyComplete();
    }

    private static HallDay hallDayOnAnotherMasterThan(HallDay hallDay) {
        int master = cluster.masterOf(hallDay.hashTag());
        for (int hall = 0; hall < 1_000; hall++) {
            HallDay candidate = new HallDay(String.format("3401%04d", hall), hallDay.date());
            if (cluster.masterOf(candidate.hashTag()) != master) {
                return candidate;
            }
        }
        throw new IllegalStateException("Every hall-day hashed to one master");
    }
}
