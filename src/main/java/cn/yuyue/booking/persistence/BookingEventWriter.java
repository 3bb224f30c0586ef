package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import cn.yuyue.booking.application.BookingEventFeed;
import cn.yuyue.booking.application.BookingEventFeed.UndecryptableEvent;
import cn.yuyue.booking.application.ClaimFate;
import cn.yuyue.booking.application.MirroringDurableTransitions;
import cn.yuyue.booking.application.SettlingDecidedClaims;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.Timeouts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The background flow that makes PostgreSQL follow the booking events: batch by batch, each in one
 * transaction, committing the Kafka position only after the transaction. When PostgreSQL is down
 * it backs off and retries the same batch for as long as it takes; Kafka holds the bookings
 * meanwhile. An event PostgreSQL refuses for its content is quarantined ({@link QuarantinedEvents})
 * instead of blocking every event behind it, and so is one whose personal fields cannot be
 * decrypted here. Its lag is published as {@code yuyue.booking.persistence.lag}.
 */
@Component
class BookingEventWriter extends BackgroundFlow {

    static final String GROUP = BookingEventFeed.PERSISTENCE_GROUP;
    private static final Logger log = LoggerFactory.getLogger(BookingEventWriter.class);
    private static final Duration LAG_EVERY = Duration.ofSeconds(1);

    private final BookingEventFeed feed;
    private final PostgresBookingWriter writer;
    private final SettlingDecidedClaims settling;
    private final MirroringDurableTransitions mirroring;
    private final QuarantinedEvents quarantine;
    private final Counter written;
    private final AtomicLong lag = new AtomicLong();
    private final PeriodicFlow<Long> lagProbe;
    private final Duration lagTimeout;

    BookingEventWriter(
            BookingEventFeed feed,
            PostgresBookingWriter writer,
            SettlingDecidedClaims settling,
            MirroringDurableTransitions mirroring,
            QuarantinedEvents quarantine,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.feed = feed;
        this.writer = writer;
        this.settling = settling;
        this.mirroring = mirroring;
        this.quarantine = quarantine;
        this.written = Counter.builder("yuyue.booking.persistence.events")
                .description("Booking events applied to PostgreSQL")
                .register(meters);
        Gauge.builder("yuyue.booking.persistence.lag", lag, AtomicLong::get)
                .description("Booking events durable in Kafka but not yet in PostgreSQL")
                .register(meters);
        this.lagTimeout = timeouts.writerLag();
        this.lagProbe = lagProbe(meters);
    }

    @Override
    protected Disposable launch() {
        return Disposables.composite(writeBatches(), lagProbe.start());
    }

    private Disposable writeBatches() {
        return feed.batches(GROUP)
                .concatMap(batch -> setAside(batch.undecryptable())
                        .then(writer.write(batch.events())
                                .onErrorResume(QuarantinedEvents::isPoison, poison -> writeOneByOne(batch.events())))
                        .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                                .maxBackoff(Duration.ofSeconds(10))
                                .doBeforeRetry(retry -> log.warn(
                                        "Writing {} booking events failed (attempt {}), retrying: {}",
                                        batch.events().size(),
                                        retry.totalRetries() + 1,
                                        retry.failure().toString())))
                        // Decided claims are settled in Redis before the batch is committed: after a
                        // crash in between, the batch comes again and decides them the same way.
                        .flatMap(settling::settle)
                        // Status changes whose own Redis step failed after their event was durable.
                        .then(mirroring.mirror(batch.events()))
                        .then(batch.commit())
                        .thenReturn(batch.events().size()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(retry -> log.error(
                                "Booking event feed failed, resubscribing: {}",
                                retry.failure().toString())))
                .subscribe(
                        count -> written.increment(count),
                        failure -> log.error("Booking event writer stopped", failure));
    }

    /**
     * Events the feed could not decrypt are set aside first, inside the batch's retries: they are
     * committed with the batch, so they must be in the quarantine before it is.
     */
    private Mono<Void> setAside(List<UndecryptableEvent> undecryptable) {
        return Flux.fromIterable(undecryptable).concatMap(quarantine::park).then();
    }

    /**
     * A batch PostgreSQL refused for its content: each event alone, in order, so only the events
     * that are refused by themselves are set aside and the rest are written.
     */
    private Mono<List<ClaimFate>> writeOneByOne(List<BookingEvent> events) {
        return Flux.fromIterable(events)
                .concatMap(event -> writer.write(List.of(event))
                        .onErrorResume(
                                QuarantinedEvents::isPoison,
                                poison -> quarantine.park(event, poison).thenReturn(List.<ClaimFate>of())))
                .collectList()
                .map(fates -> fates.stream().flatMap(List::stream).toList());
    }

    /** Kafka's lag of the writer's group, as a gauge: how far PostgreSQL is behind. */
    private PeriodicFlow<Long> lagProbe(MeterRegistry meters) {
        return PeriodicFlow.named("booking-persistence-lag", () -> feed.lag(GROUP))
                .firstRoundAfter(LAG_EVERY)
                .every(LAG_EVERY)
                .timeout(lagTimeout)
                .onResult(lag::set)
                .onFailure(failure -> log.debug("Lag of {} unknown: {}", GROUP, failure.toString()))
                .build(meters);
    }
}
