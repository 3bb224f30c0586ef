package cn.yuyue.drills;

import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.drills.DrillBench.PATIENCE;
import static cn.yuyue.drills.DrillBench.assertSafe;
import static cn.yuyue.drills.DrillBench.nextTaxpayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import cn.yuyue.drills.DrillBench.Scenario;
import cn.yuyue.drills.DrillLoad.Answer;
import cn.yuyue.drills.DrillLoad.Report;
import cn.yuyue.platform.local.EmbeddedServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fault between every two steps of a confirmation, on real servers: the Kafka acknowledgement
 * lost after the write, the confirmation and its marker refused, the Redis claim reply lost after
 * the script ran, the settle failing after the 201. Whatever fails, each claim ends decided: a
 * booking that stood is in PostgreSQL and found by a retry with the same Idempotency-Key, a void
 * one has its place back, nothing is sold twice and nothing stays pending.
 */
class BookingFaultsDrillIntegrationTest {

    private static final int FAULTS = 3;
    private static DrillBench bench;
    private static final AtomicInteger HALLS = new AtomicInteger(30);

    @BeforeAll
    static void start() {
        bench = new DrillBench(
                EmbeddedServices.withReplicatedRedis(),
                new Class<?>[] {FaultInjection.class},
                "--yuyue.booking.abandoned-claim-after=6s",
                "--yuyue.booking.abandoned-claim-sweep=1s");
    }

    @AfterEach
    void disarm() {
        FaultInjection.disarm();
    }

    @AfterAll
    static void stop() {
        if (bench != null) {
            bench.close();
        }
    }

    @Test
    void a_lost_kafka_acknowledgement_leaves_a_booking_that_the_same_key_finds() {
        Scenario scenario = bench.scenario(HALLS.getAndIncrement());
        FaultInjection.CONFIRM_ACKS_LOST.set(FAULTS);
        List<Attempt> attempts = attempts(scenario, FAULTS);
        assertThat(attempts).allMatch(attempt -> attempt.first().status() == 503);

        // The confirmations were written before the markers: every claim stands.
        List<Answer> retries = awaitRetries(attempts, 200);
        assertThat(retries).extracting(Answer::bookingId).doesNotContainNull();
        Report report = bench.settle("k1) Kafka ack lost", scenario, retries);
        assertThat(report.rows()).isEqualTo(FAULTS);
        assertSafe(report);
        assertPlacesTaken(scenario, FAULTS);
    }

    @Test
    void a_refused_confirmation_and_marker_give_the_place_back_once_the_sweep_decides() {
        Scenario scenario = bench.scenario(HALLS.getAndIncrement());
        FaultInjection.EVENTS_REFUSED.set(FAULTS);
        List<Attempt> attempts = attempts(scenario, FAULTS);
        assertThat(attempts).allMatch(attempt -> attempt.first().status() == 503);

        assertPlacesTaken(scenario, 0);
        // The keys are free again: a retry books afresh.
        List<Answer> retries = awaitRetries(attempts, 201);
        Report report = bench.settle("k2) Kafka refused event+marker", scenario, retries);
        assertThat(report.rows()).isEqualTo(FAULTS);
        assertSafe(report);
    }

    @Test
    void a_lost_claim_reply_gives_the_place_back_once_the_sweep_decides() {
        Scenario scenario = bench.scenario(HALLS.getAndIncrement());
        FaultInjection.CLAIM_REPLIES_LOST.set(FAULTS);
        List<Attempt> attempts = attempts(scenario, FAULTS);
        assertThat(attempts).allMatch(attempt -> attempt.first().status() == 503);

        assertPlacesTaken(scenario, 0);
        List<Answer> retries = awaitRetries(attempts, 201);
        Report report = bench.settle("k3) Redis claim reply lost", scenario, retries);
        assertThat(report.rows()).isEqualTo(FAULTS);
        assertSafe(report);
    }

    @Test
    void a_failed_settle_after_the_201_is_settled_and_the_same_key_finds_the_booking() {
        Scenario scenario = bench.scenario(HALLS.getAndIncrement());
        FaultInjection.SETTLES_FAILED.set(FAULTS);
        List<Attempt> attempts = attempts(scenario, FAULTS);
        assertThat(attempts).allMatch(attempt -> attempt.first().status() == 201);

        List<Answer> retries = awaitRetries(attempts, 200);
        assertThat(retries)
                .extracting(Answer::bookingId)
                .containsExactlyElementsOf(attempts.stream()
                        .map(attempt -> attempt.first().bookingId())
                        .toList());
        Report report = bench.settle(
                "k4) Redis settle failed after 201",
                scenario,
                attempts.stream().map(Attempt::first).toList());
        assertThat(report.rows()).isEqualTo(FAULTS);
        assertSafe(report);
        assertPlacesTaken(scenario, FAULTS);
        bench.awaitWriterCaughtUp();
    }

    /** One booking per slot, each by a new taxpayer with a new key. */
    private static List<Attempt> attempts(Scenario scenario, int count) {
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String start = scenario.starts().get(i);
            String token = bench.agent(i);
            String taxpayer = nextTaxpayer();
            String key = newKey();
            Answer first = DrillLoad.book(
                            bench.client(), token, scenario.hallCode(), scenario.day(), start, taxpayer, key)
                    .block(PATIENCE);
            attempts.add(new Attempt(scenario, start, token, taxpayer, key, first));
        }
        return attempts;
    }

    /** Retries each attempt with its own key until it is answered {@code status}. */
    private static List<Answer> awaitRetries(List<Attempt> attempts, int status) {
        List<Answer> answers = new ArrayList<>();
        for (Attempt attempt : attempts) {
            Answer[] last = new Answer[1];
            await().atMost(PATIENCE)
                    .pollInterval(java.time.Duration.ofMillis(500))
                    .until(() -> {
                        last[0] = attempt.retry();
                        return last[0].status() == status;
                    });
            answers.add(
                    last[0].status() == 200 ? new Answer(201, last[0].bookingId(), null, attempt.start()) : last[0]);
        }
        return answers;
    }

    /** The slots tried (one attempt each) have exactly {@code taken} places taken between them. */
    private static void assertPlacesTaken(Scenario scenario, int taken) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            int left = 0;
            for (int i = 0; i < FAULTS; i++) {
                left += bench.remaining(scenario)
                        .get(LocalTime.parse(scenario.starts().get(i)));
            }
            assertThat(FAULTS * scenario.capacity() - left)
                    .as("places taken in the slots tried")
                    .isEqualTo(taken);
        });
    }

    private record Attempt(Scenario scenario, String start, String token, String taxpayer, String key, Answer first) {

        Answer retry() {
            return DrillLoad.book(bench.client(), token, scenario.hallCode(), scenario.day(), start, taxpayer, key)
                    .block(PATIENCE);
        }
    }
}
