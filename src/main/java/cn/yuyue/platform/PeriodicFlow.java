package cn.yuyue.platform;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A named step run in rounds for as long as the application runs: a sweep, a refresh, a probe.
 * Rounds start on the ticks of a fixed period after a first delay. A tick that comes while a round
 * still runs is dropped, so rounds never overlap and a slow round never leaves a queue of ticks
 * behind it. A round that fails, or outlasts its timeout, is logged, counted in
 * {@value #FAILED_ROUNDS} (tag {@code flow}: the name) and followed by the next round on the next
 * tick: the flow never ends on an error.
 *
 * <p>A {@link BackgroundFlow} owns it: its {@code launch()} returns {@link #start()}, so the
 * application context stops it, with the lifecycle bean, before the connections it uses close.
 *
 * @param <T> what one round emits, handed to {@link Builder#onResult}
 */
public final class PeriodicFlow<T> {

    /** Failed or timed-out rounds of every periodic flow, tagged with the flow's name. */
    public static final String FAILED_ROUNDS = "yuyue.background.rounds.failed";

    private static final Logger log = LoggerFactory.getLogger(PeriodicFlow.class);

    private final String name;
    private final Supplier<Mono<T>> step;
    private final Duration firstRoundAfter;
    private final Duration period;
    private final Duration timeout;
    private final Consumer<? super T> onResult;
    private final Consumer<Throwable> onFailure;
    private final Scheduler scheduler;
    private final Counter failures;

    private PeriodicFlow(Builder<T> builder, MeterRegistry meters) {
        this.name = builder.name;
        this.step = builder.step;
        this.period = Objects.requireNonNull(builder.period, () -> name + ": no period");
        this.firstRoundAfter = builder.firstRoundAfter == null ? period : builder.firstRoundAfter;
        this.timeout = Objects.requireNonNull(builder.timeout, () -> name + ": no timeout per round");
        this.onResult = builder.onResult;
        this.onFailure = builder.onFailure == null ? this::logFailure : builder.onFailure;
        this.scheduler = builder.scheduler;
        if (period.isZero()
                || period.isNegative()
                || timeout.isZero()
                || timeout.isNegative()
                || firstRoundAfter.isNegative()) {
            throw new IllegalArgumentException(
                    name + ": the period and the timeout must be positive, the first " + "delay not negative");
        }
        this.failures = Counter.builder(FAILED_ROUNDS)
                .description("Rounds of a periodic background flow that failed or timed out; the next one runs anyway")
                .tag("flow", name)
                .register(meters);
    }

    /** A flow that runs {@code step} once per round; the step is called anew for each round. */
    public static <T> Builder<T> named(String name, Supplier<Mono<T>> step) {
        return new Builder<>(name, step);
    }

    /** Subscribes the rounds; disposing of the result stops them, a round under way included. */
    public Disposable start() {
        return rounds().subscribe(null, failure -> log.error("Periodic flow {} stopped", name, failure));
    }

    /** What each successful round emitted, round after round; never an error. */
    Flux<T> rounds() {
        return Flux.interval(firstRoundAfter, period, scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> round());
    }

    private Mono<T> round() {
        return Mono.defer(step)
                .timeout(
                        timeout,
                        Mono.error(() -> new TimeoutException(name + " round took longer than " + timeout)),
                        scheduler)
                .doOnNext(onResult)
                .onErrorResume(failure -> {
                    failures.increment();
                    report(failure);
                    return Mono.empty();
                });
    }

    /** The flow's own words for a failure; should they fail, the flow still goes on. */
    private void report(Throwable failure) {
        try {
            onFailure.accept(failure);
        } catch (RuntimeException unreported) {
            log.warn("{} round failed ({}); reporting it failed too", name, failure.toString(), unreported);
        }
    }

    private void logFailure(Throwable failure) {
        log.warn("{} round failed; the next round runs in {}: {}", name, period, failure.toString());
    }

    /** Settings of a {@link PeriodicFlow}; {@link #every} and {@link #timeout} are required. */
    public static final class Builder<T> {

        private final String name;
        private final Supplier<Mono<T>> step;
        private Duration firstRoundAfter;
        private Duration period;
        private Duration timeout;
        private Consumer<? super T> onResult = result -> {};
        private Consumer<Throwable> onFailure;
        private Scheduler scheduler = Schedulers.parallel();

        private Builder(String name, Supplier<Mono<T>> step) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("A periodic flow needs a name: it tags its failure count");
            }
            this.name = name;
            this.step = Objects.requireNonNull(step, "step");
        }

        /** How long after {@link #start()} the first round runs; by default one period. */
        public Builder<T> firstRoundAfter(Duration delay) {
            this.firstRoundAfter = delay;
            return this;
        }

        /** The time between the starts of two rounds (ticks that come during a round are dropped). */
        public Builder<T> every(Duration period) {
            this.period = period;
            return this;
        }

        /**
         * The longest one round may take before it is cancelled and counted as failed. Set it far
         * above a healthy round: it is there to free a flow from a round that hangs, since the
         * rounds run one at a time and a round that never ends would end the flow in all but name.
         */
        public Builder<T> timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** What to do with each round's result, on the round's thread; an exception fails the round. */
        public Builder<T> onResult(Consumer<? super T> onResult) {
            this.onResult = Objects.requireNonNull(onResult, "onResult");
            return this;
        }

        /**
         * How a failed round is logged, in the flow's own words and logger; by default a warning
         * from this class naming the flow and the failure. The count is kept either way.
         */
        public Builder<T> onFailure(Consumer<Throwable> onFailure) {
            this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
            return this;
        }

        /** The scheduler of the ticks and the timeouts; tests pass a virtual-time one. */
        public Builder<T> on(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The flow, its failure counter registered in {@code meters}; nothing runs before {@link #start()}. */
        public PeriodicFlow<T> build(MeterRegistry meters) {
            return new PeriodicFlow<>(this, meters);
        }
    }
}
