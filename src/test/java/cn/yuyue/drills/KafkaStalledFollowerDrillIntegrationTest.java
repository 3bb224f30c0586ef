package cn.yuyue.drills;

import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.drills.DrillBench.PATIENCE;
import static cn.yuyue.drills.DrillBench.assertSafe;
import static cn.yuyue.drills.DrillBench.nextTaxpayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import cn.yuyue.drills.DrillBench.Scenario;
import cn.yuyue.drills.DrillLoad.Answer;
import cn.yuyue.drills.DrillLoad.Report;
import cn.yuyue.platform.local.EmbeddedServices;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stalled Kafka follower, on three real brokers with the shipped durability (replication 3,
 * {@code min.insync.replicas=2}, {@code acks=all}): a follower of the hall's partition is frozen
 * (SIGSTOP) while agents book. It stays in the in-sync set for {@code replica.lag.time.max.ms}, so
 * every confirmation waits uncommitted, the claims time out and are answered 503, and when the
 * follower is dropped the confirmations commit after all. Those bookings exist: their places must
 * not be sold again meanwhile, and a retry with the same Idempotency-Key must find each of them.
 */
class KafkaStalledFollowerDrillIntegrationTest {

    private static final String TOPIC = "yuyue.booking-events";
    private static DrillBench bench;

    @BeforeAll
    static void start() {
        bench = new DrillBench(
                EmbeddedServices.withThreeKafkaBrokers(),
                "--yuyue.kafka.replicas=3",
                "--yuyue.booking.abandoned-claim-after=6s",
                "--yuyue.booking.abandoned-claim-sweep=1s");
    }

    @AfterAll
    static void stop() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void confirmations_held_by_a_stalled_follower_stand_and_their_places_are_not_sold_twice() throws Exception {
        Scenario scenario = bench.scenario(40);
        String start = scenario.starts().get(0);
        List<Attempt> attempts = warmUp(scenario);

        int follower = followerOfHallPartition(scenario.hallCode());
        bench.servers().standaloneKafka().pause(follower);
        List<Attempt> duringStall = new ArrayList<>();
        try {
            for (int i = 0; i < scenario.capacity(); i++) {
                duringStall.add(book(scenario, start, i));
            }
            // Past replica.lag.time.max.ms the follower leaves the in-sync set and the held
            // confirmations commit.
            awaitOutOfSync(scenario.hallCode(), follower);
        } finally {
            bench.servers().standaloneKafka().resume(follower);
        }
        attempts.addAll(duringStall);
        assertThat(duringStall)
                .as("claims whose confirmation was held")
                .anyMatch(attempt -> attempt.answer().status() == 503);

        // New agents after the stall: the held places are not for sale again.
        for (int i = 0; i < scenario.capacity() + 2; i++) {
            attempts.add(book(scenario, start, 100 + i));
        }

        List<Answer> outcomes = new ArrayList<>();
        for (Attempt attempt : attempts) {
            outcomes.add(attempt.answer().status() == 503 ? attempt.settledOutcome() : attempt.answer());
        }
        Report report = bench.settle("l) Kafka follower stalled", scenario, outcomes);
        assertSafe(report);
        assertThat(bench.rowsPerSlot(scenario).entrySet())
                .filteredOn(slot -> slot.getKey().startsWith(start))
                .singleElement()
                .satisfies(slot -> assertThat(slot.getValue())
                        .as("bookings in the stalled slot")
                        .isEqualTo((long) scenario.capacity()));
        bench.assertAppointmentNumbersUnique(scenario);
        bench.awaitWriterCaughtUp();
    }

    /**
     * Redis loses the hall-day while confirmations are held uncommitted: the rebuild must count
     * them, so it waits until they are committed and written (or refuses claims meanwhile), rather
     * than reading PostgreSQL as soon as the writer reached Kafka's high watermark.
     */
    @Test
    void a_rebuild_while_confirmations_are_held_counts_them() throws Exception {
        Scenario scenario = bench.scenario(41);
        String start = scenario.starts().get(0);
        List<Attempt> attempts = warmUp(scenario);

        int follower = followerOfHallPartition(scenario.hallCode());
        bench.servers().standaloneKafka().pause(follower);
        try {
            for (int i = 0; i < scenario.capacity() / 2; i++) {
                attempts.add(book(scenario, start, 300 + i));
            }
            bench.instance()
                    .getBean(RedisSlotInventory.class)
                    .forget(new HallDay(scenario.hallCode(), scenario.day()))
                    .block(PATIENCE);
            for (int i = 0; i < scenario.capacity(); i++) {
                attempts.add(book(scenario, start, 310 + i));
            }
            awaitOutOfSync(scenario.hallCode(), follower);
        } finally {
            bench.servers().standaloneKafka().resume(follower);
        }
        for (int i = 0; i < scenario.capacity() + 2; i++) {
            attempts.add(book(scenario, start, 320 + i));
        }

        List<Answer> outcomes = new ArrayList<>();
        for (Attempt attempt : attempts) {
            outcomes.add(attempt.answer().status() == 503 ? attempt.settledOutcome() : attempt.answer());
        }
        Report report = bench.settle("m) rebuild while held", scenario, outcomes);
        assertSafe(report);
        bench.assertAppointmentNumbersUnique(scenario);
        bench.awaitWriterCaughtUp();
    }

    /** Books the other slots until the producer is warm (a cold one may time out on a loaded machine). */
    private static List<Attempt> warmUp(Scenario scenario) {
        List<Attempt> warmUp = new ArrayList<>();
        List<String> otherStarts =
                scenario.starts().subList(1, scenario.starts().size());
        await().atMost(PATIENCE).until(() -> {
            warmUp.add(book(scenario, otherStarts.get(warmUp.size() % otherStarts.size()), 200 + warmUp.size()));
            return warmUp.get(warmUp.size() - 1).answer().created();
        });
        return warmUp;
    }

    private static Attempt book(Scenario scenario, String start, int agent) {
        String token = bench.agent(agent);
        String taxpayer = nextTaxpayer();
        String key = newKey();
        Answer answer = DrillLoad.book(bench.client(), token, scenario.hallCode(), scenario.day(), start, taxpayer, key)
                .block(PATIENCE);
        return new Attempt(scenario, start, token, taxpayer, key, answer);
    }

    /** A broker holding a replica of the hall's partition that is not its leader. */
    private static int followerOfHallPartition(String hallCode) throws Exception {
        TopicPartitionInfo info = hallPartition(hallCode);
        assertThat(info.isr()).as("in-sync replicas of the hall's partition").hasSize(3);
        return info.replicas().stream()
                .filter(node -> node.id() != info.leader().id())
                .findFirst()
                .orElseThrow()
                .id();
    }

    /** Until the frozen follower has left the in-sync set, after replica.lag.time.max.ms. */
    private static void awaitOutOfSync(String hallCode, int follower) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> hallPartition(hallCode).isr().stream().noneMatch(node -> node.id() == follower));
    }

    private static TopicPartitionInfo hallPartition(String hallCode) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bench.servers().standaloneKafka().bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5000))) {
            TopicDescription topic = admin.describeTopics(Set.of(TOPIC))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(TOPIC);
            int partition = Utils.toPositive(Utils.murmur2(hallCode.getBytes(StandardCharsets.UTF_8)))
                    % topic.partitions().size();
            return topic.partitions().get(partition);
        }
    }

    private record Attempt(Scenario scenario, String start, String token, String taxpayer, String key, Answer answer) {

        /**
         * What a 503'd agent learns by retrying with the same key once the claim is decided: the
         * booking that stood (as a 201 for the count), or a fresh booking, or a refusal.
         */
        Answer settledOutcome() {
            Answer[] last = new Answer[1];
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
                last[0] = DrillLoad.book(
                                bench.client(), token, scenario.hallCode(), scenario.day(), start, taxpayer, key)
                        .block(PATIENCE);
                return last[0].status() != 503 && !"REQUEST_IN_PROGRESS".equals(last[0].code());
            });
            return last[0].status() == 200 ? new Answer(201, last[0].bookingId(), null, start) : last[0];
        }
    }
}
