package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

class QueueHubTest {

    private static final Instant START = Instant.parse("2026-12-01T01:30:00Z");
    private static final List<String> HALLS = List.of("34010101", "34010102", "34010103", "34010104", "34010105");

    private final QueueTestData.MovableClock clock = new QueueTestData.MovableClock(START);
    private final QueueHub hub = new QueueHub(clock, QueueTestData.defaults());

    @Test
    void should_start_a_watch_with_the_current_states_then_each_change_in_order() {
        hub.offer(QueueTestData.state("34010101", 1, START));

        StepVerifier.create(hub.watch(List.of("34010101", "34010102"), null).map(QueueEvent::id))
                .expectNext("34010101:1", "34010102:0:stale")
                .then(() -> {
                    hub.offer(QueueTestData.state("34010101", 2, START));
                    hub.offer(QueueTestData.state("34010103", 1, START));
                    hub.offer(QueueTestData.state("34010102", 7, START));
                })
                .expectNext("34010101:2", "34010102:7")
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(hub.watcherCount()).isZero();
    }

    @Test
    void should_never_move_a_hall_backwards() {
        assertThat(hub.offer(QueueTestData.state("34010101", 5, START))).isTrue();
        assertThat(hub.offer(QueueTestData.state("34010101", 5, START))).isFalse();
        assertThat(hub.offer(QueueTestData.state("34010101", 4, START))).isFalse();

        assertThat(hub.current("34010101").sequence()).isEqualTo(5);
    }

    @Test
    void should_leave_out_the_hall_a_resuming_watcher_already_has() {
        hub.offer(QueueTestData.state("34010101", 3, START));
        hub.offer(QueueTestData.state("34010102", 9, START));

        StepVerifier.create(
                        hub.watch(List.of("34010101", "34010102"), "34010101:3").map(QueueEvent::id))
                .expectNext("34010102:9")
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(hub.watch(List.of("34010101"), "34010101:2").map(QueueEvent::id))
                .expectNext("34010101:3")
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void should_mark_a_silent_hall_stale_and_tell_its_watchers() {
        hub.offer(QueueTestData.state("34010101", 1, START));

        StepVerifier.create(hub.watch(List.of("34010101"), null))
                .assertNext(event -> assertThat(event.stale()).isFalse())
                .then(() -> {
                    clock.advance(Duration.ofMinutes(2));
                    assertThat(hub.sweep()).isZero();
                    clock.advance(Duration.ofSeconds(1));
                    assertThat(hub.sweep()).isEqualTo(1);
                    assertThat(hub.sweep()).isZero();
                })
                .assertNext(event -> {
                    assertThat(event.id()).isEqualTo("34010101:1:stale");
                    assertThat(event.body().stale()).isTrue();
                    assertThat(event.body().groups()).isNotEmpty();
                })
                .then(() -> hub.offer(QueueTestData.state("34010101", 2, clock.instant())))
                .assertNext(event -> assertThat(event.id()).isEqualTo("34010101:2"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void should_keep_a_slow_watcher_to_one_state_per_hall_while_a_fast_one_gets_everything() {
        Slow slow = new Slow();
        Map<String, Long> fastLatest = new HashMap<>();
        List<QueueEvent> fastEvents = new ArrayList<>();
        hub.watch(HALLS, null).subscribe(event -> {
            fastEvents.add(event);
            fastLatest.put(event.hallCode(), event.sequence());
        });
        hub.watch(HALLS, null).subscribe(slow);
        int largestBacklog = 0;

        for (int sequence = 1; sequence <= 10_000; sequence++) {
            hub.offer(QueueTestData.state(HALLS.get(sequence % HALLS.size()), sequence, START));
            largestBacklog = Math.max(largestBacklog, hub.largestBacklog());
        }

        assertThat(largestBacklog).isLessThanOrEqualTo(HALLS.size());
        assertThat(fastEvents).hasSize(HALLS.size() + 10_000);
        assertThat(fastLatest)
                .containsOnly(
                        Map.entry("34010101", 10_000L),
                        Map.entry("34010102", 9_996L),
                        Map.entry("34010103", 9_997L),
                        Map.entry("34010104", 9_998L),
                        Map.entry("34010105", 9_999L));
        assertThat(slow.received).hasSize(1);

        slow.request(100);

        assertThat(slow.received).hasSize(1 + HALLS.size());
        assertThat(slow.received.subList(1, slow.received.size()))
                .extracting(QueueEvent::sequence)
                .containsExactlyInAnyOrder(9_996L, 9_997L, 9_998L, 9_999L, 10_000L);
        assertThat(hub.largestBacklog()).isZero();
        slow.dispose();
    }

    /** A watcher that takes one event and then nothing until told. */
    private static final class Slow extends BaseSubscriber<QueueEvent> {

        final List<QueueEvent> received = new ArrayList<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(1);
        }

        @Override
        protected void hookOnNext(QueueEvent event) {
            received.add(event);
        }
    }
}
