package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.yuyue.platform.web.EventStreams;
import cn.yuyue.platform.web.StreamLimitProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class QueueStreamsTest {

    private static final Instant START = Instant.parse("2026-12-01T01:30:00Z");

    private final QueueTestData.MovableClock clock = new QueueTestData.MovableClock(START);
    private final QueueHub hub = new QueueHub(clock, QueueTestData.defaults());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventStreams eventStreams = new EventStreams(new StreamLimitProperties(
            64, 20_000, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(8)));
    private final QueueStreams streams = new QueueStreams(hub, clock, QueueTestData.defaults(), meters, eventStreams);

    @Test
    void should_open_with_a_reconnection_wait_spread_between_two_and_ten_seconds() {
        StepVerifier.withVirtualTime(() -> streams.stream(List.of("34010103"), null))
                .assertNext(event -> {
                    assertThat(event.comment()).isEqualTo("connected");
                    assertThat(event.retry()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
                })
                .assertNext(event -> assertThat(event.event()).isEqualTo("queue"))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void should_send_a_heartbeat_comment_every_15_seconds_between_events() {
        hub.offer(QueueTestData.state("34010101", 1, START));

        StepVerifier.withVirtualTime(() -> streams.stream(List.of("34010101"), null))
                .assertNext(event -> assertThat(event.retry()).isNotNull())
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("queue");
                    assertThat(event.id()).isEqualTo("34010101:1");
                    assertThat(event.data().hallCode()).isEqualTo("34010101");
                })
                .expectNoEvent(Duration.ofSeconds(14))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(event -> {
                    assertThat(event.comment()).isEqualTo("heartbeat");
                    assertThat(event.data()).isNull();
                })
                .thenAwait(Duration.ofSeconds(15))
                .assertNext(event -> assertThat(event.comment()).isEqualTo("heartbeat"))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void should_count_watchers_and_time_live_updates() {
        StepVerifier.withVirtualTime(() -> streams.stream(List.of("34010102"), null))
                .assertNext(event -> assertThat(event.retry()).isNotNull())
                .assertNext(event -> assertThat(event.data().stale()).isTrue())
                .then(() -> assertThat(
                                meters.get("yuyue.queue.watchers").gauge().value())
                        .isEqualTo(1))
                .then(() -> hub.offer(QueueTestData.state("34010102", 1, clock.instant())))
                .assertNext(event -> assertThat(event.id()).isEqualTo("34010102:1"))
                .thenCancel()
                .verify(Duration.ofSeconds(10));

        assertThat(meters.get("yuyue.queue.watchers").gauge().value()).isZero();
        assertThat(meters.get("yuyue.queue.update.delay").timer().count()).isEqualTo(1);
    }
}
