package cn.yuyue.drills;

import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.drills.DrillBench.PATIENCE;
import static cn.yuyue.drills.DrillBench.assertSafe;
import static cn.yuyue.drills.DrillBench.nextTaxpayer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cn.yuyue.drills.DrillBench.Scenario;
import cn.yuyue.drills.DrillLoad.Answer;
import cn.yuyue.drills.DrillLoad.Report;
import cn.yuyue.platform.local.EmbeddedServices;
import cn.yuyue.platform.local.ReplicatedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis failover with lost writes, on a real primary and its asynchronous replica: the replica
 * stops receiving writes, the primary acknowledges more claims, then dies, and the replica is
 * promoted with the older state (its {@code meta} still says "built"). Nothing the promoted
 * replica lacks may have been confirmed to a client: no place is sold twice, no appointment number
 * given twice, every 201 reaches PostgreSQL and the writer catches up.
 */
class RedisFailoverDrillIntegrationTest {

    private static DrillBench bench;

    @BeforeAll
    static void start() {
        bench = new DrillBench(
                EmbeddedServices.withReplicatedRedis(),
                "--yuyue.inventory.redis.replicas-to-acknowledge=1",
                "--yuyue.inventory.redis.replica-timeout=300ms");
    }

    @AfterAll
    static void stop() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void a_promoted_replica_that_missed_claims_sells_no_place_twice() {
        ReplicatedRedis redis = bench.servers().replicatedRedis();
        Scenario scenario = bench.scenario(20);
        String start = scenario.starts().get(0);
        List<Answer> answers = new ArrayList<>();

        answers.addAll(book(scenario, start, scenario.capacity() / 2, 0));
        redis.awaitReplicaInSync(Duration.ofSeconds(30));
        redis.cutReplication();
        answers.addAll(book(scenario, start, scenario.capacity() + 2, 100));
        redis.failOverToReplica();
        List<Answer> withoutReplica = book(scenario, start, 2, 200);
        redis.rejoinOldPrimaryAsReplica();
        redis.awaitReplicaInSync(Duration.ofSeconds(60));
        List<Answer> afterFailover = book(scenario, start, scenario.capacity() + 2, 300);
        answers.addAll(withoutReplica);
        answers.addAll(afterFailover);

        Report report = bench.settle("e) Redis failover, lost writes", scenario, answers, Duration.ofSeconds(60));
        assertSafe(report);
        bench.assertAppointmentNumbersUnique(scenario);
        bench.awaitWriterCaughtUp();
        // Without a replica the new primary cannot promise a place; with one back it sells again.
        assertThat(withoutReplica).allMatch(answer -> answer.status() == 503);
        assertThat(afterFailover).anyMatch(Answer::created);
    }

    /** One booking after the other, so each sees what the previous one left. */
    private static List<Answer> book(Scenario scenario, String start, int count, int firstAgent) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(DrillLoad.book(
                            bench.client(),
                            bench.agent(firstAgent + i),
                            scenario.hallCode(),
                            scenario.day(),
                            start,
                            nextTaxpayer(),
                            newKey())
                    .block(PATIENCE));
        }
        return answers;
    }
}
