package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class PeriodicFlowTest {

    private static final Duration PERIOD = Duration.ofSeconds(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTime() {
        time.dispose();
    }

    @Test
    void should_run_the_first_round_after_the_first_delay_then_once_every_period() {
        PeriodicFlow<Integer> flow = PeriodicFlow.named("counting", () -> Mono.fromCallable(calls::incrementAndGet))
                .firstRoundAfter(Duration.ofSeconds(3))
                .every(PERIOD)
                .timeout(Duration.ofSeconds(5))
                .on(time)
                .build(meters);

        StepVerifier.withVirtualTime(flow::rounds, () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(3))
                .expectNext(1)
                .expectNoEvent(PERIOD)
                .expectNext(2)
                .expectNoEvent(PERIOD)
                .expectNext(3)
                .thenCancel()
                .verify();
    }

    @Test
    void should_wait_one_period_before_the_first_round_unless_told_otherwise() {
        PeriodicFlow<Integer> flow = PeriodicFlow.named("counting", () -> Mono.fromCallable(calls::incrementAndGet))
                .every(PERIOD)
                .timeout(Duration.ofSeconds(5))
                .on(time)
                .build(meters);

        StepVerifier.withVirtualTime(flow::rounds, () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(PERIOD)
                .expectNext(1)
                .thenCancel()
                .verify();
    }

    @Test
    void should_log_and_count_failed_rounds_and_run_the_next_round_anyway() {
        PeriodicFlow<String> flow = PeriodicFlow.<String>named("flaky-sweep", () -> switch (calls.incrementAndGet()) {
                    case 1 -> throw new IllegalStateException("thrown while assembling the round");
                    case 2 -> Mono.error(new IllegalStateException("store away"));
                    default -> Mono.just("swept");
                })
                .firstRoundAfter(Duration.ZERO)
                .every(PERIOD)
                .timeout(Duration.ofSeconds(5))
                .onFailure(reported::add)
                .on(time)
                .build(meters);

        StepVerifier.withVirtualTime(flow::rounds, () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(PERIOD.multipliedBy(2))
                .expectNext("swept")
                .expectNoEvent(PERIOD)
                .expectNext("swept")
                .thenCancel()
                .verify();

        assertThat(calls).hasValue(4);
        assertThat(reported)
                .extracting(Throwable::getMessage)
                .containsExactly("thrown while assembling the round", "store away");
        assertThat(failedRounds("flaky-sweep")).isEqualTo(2);
    }

    @Test
    void should_give_up_a_round_that_outlasts_its_timeout_and_drop_the_ticks_it_missed() {
        PeriodicFlow<String> flow = PeriodicFlow.<String>named(
                        "hanging-sweep",
                        () -> calls.incrementAndGet() == 1 ? Mono.<String>never() : Mono.just("answered"))
                .firstRoundAfter(Duration.ZERO)
                .every(PERIOD)
                .timeout(Duration.ofSeconds(25))
                .onFailure(reported::add)
                .on(time)
                .build(meters);

        // The first round hangs from 0 s until its timeout at 25 s; the ticks at 10 s and 20 s are
        // dropped, and the tick at 30 s runs the second round.
        StepVerifier.withVirtualTime(flow::rounds, () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(30))
                .expectNext("answered")
                .thenCancel()
                .verify();

        assertThat(calls).hasValue(2);
        assertThat(reported).singleElement().isInstanceOf(TimeoutException.class);
        assertThat(failedRounds("hanging-sweep")).isEqualTo(1);
    }

    @Test
    void should_count_a_failure_of_the_result_handler_as_a_failed_round() {
        PeriodicFlow<Integer> flow = PeriodicFlow.named("picky", () -> Mono.fromCallable(calls::incrementAndGet))
                .firstRoundAfter(Duration.ZERO)
                .every(PERIOD)
                .timeout(Duration.ofSeconds(5))
                .onResult(round -> {
                    if (round == 1) {
                        throw new IllegalArgumentException("cannot use the first result");
                    }
                })
                .onFailure(reported::add)
                .on(time)
                .build(meters);

        StepVerifier.withVirtualTime(flow::rounds, () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(PERIOD)
                .expectNext(2)
                .thenCancel()
                .verify();

        assertThat(reported).singleElement().isInstanceOf(IllegalArgumentException.class);
        assertThat(failedRounds("picky")).isEqualTo(1);
    }

    @Test
    void should_run_no_round_once_stopped() {
        PeriodicFlow<Integer> flow = PeriodicFlow.named("stopping", () -> Mono.fromCallable(calls::incrementAndGet))
                .firstRoundAfter(Duration.ZERO)
                .every(PERIOD)
                .timeout(Duration.ofSeconds(5))
                .on(time)
                .build(meters);

        Disposable running = flow.start();
        time.advanceTimeBy(PERIOD.multipliedBy(2));
        assertThat(calls).hasValue(3);

        running.dispose();
        time.advanceTimeBy(PERIOD.multipliedBy(10));

        assertThat(running.isDisposed()).isTrue();
        assertThat(calls).hasValue(3);
    }

    @Test
    void should_cancel_the_round_under_way_when_stopped() {
        AtomicBoolean cancelled = new AtomicBoolean();
        PeriodicFlow<Void> flow = PeriodicFlow.named(
                        "long-round", () -> Mono.<Void>never().doOnCancel(() -> cancelled.set(true)))
                .firstRoundAfter(Duration.ZERO)
                .every(PERIOD)
                .timeout(Duration.ofMinutes(5))
                .on(time)
                .build(meters);

        Disposable running = flow.start();
        time.advanceTimeBy(PERIOD);
        running.dispose();

        assertThat(cancelled).isTrue();
        assertThat(failedRounds("long-round")).isZero();
    }

    @Test
    void should_register_its_failure_count_before_the_first_failure() {
        PeriodicFlow.named("quiet", Mono::empty)
                .every(PERIOD)
                .timeout(PERIOD)
                .on(time)
                .build(meters);

        assertThat(failedRounds("quiet")).isZero();
    }

    @Test
    void should_refuse_a_flow_without_a_timeout_or_with_a_period_of_zero() {
        assertThatThrownBy(() ->
                        PeriodicFlow.named("untimed", Mono::empty).every(PERIOD).build(meters))
                .hasMessageContaining("untimed");
        assertThatThrownBy(() -> PeriodicFlow.named("busy", Mono::empty)
                        .every(Duration.ZERO)
                        .timeout(PERIOD)
                        .build(meters))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private double failedRounds(String flow) {
        return meters.get(PeriodicFlow.FAILED_ROUNDS)
                .tag("flow", flow)
                .counter()
                .count();
    }
}
