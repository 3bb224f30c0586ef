package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Claims whose event Kafka did not acknowledge in time. Such an event may still have been written
 * (the answer, not the request, was lost), so giving the place back at once could sell it twice.
 * The hold stays PENDING and is settled here once the outcome is knowable: after the producer's
 * own delivery timeout has passed and the PostgreSQL writer has consumed everything Kafka holds,
 * the booking is in PostgreSQL (it stands: the hold is confirmed) or it never will be (the place
 * goes back).
 */
@Component
class UnsettledClaims extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(UnsettledClaims.class);
    private static final Duration EVERY = Duration.ofSeconds(2);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private final Queue<Unsettled> waiting = new ConcurrentLinkedQueue<>();
    private final SlotInventory inventory;
    private final BookingRecords records;
    private final BookingEventFeed feed;
    private final Clock clock;
    private final Duration settleAfter;

    UnsettledClaims(SlotInventory inventory, BookingRecords records, BookingEventFeed feed, Clock clock,
                    BookingProperties properties, MeterRegistry meters) {
        this.inventory = inventory;
        this.records = records;
        this.feed = feed;
        this.clock = clock;
        this.settleAfter = properties.eventTimeout().plusSeconds(1);
        Gauge.builder("yuyue.booking.claims.unsettled", waiting, Queue::size)
                .description("Held places whose event Kafka did not acknowledge, awaiting settlement").register(meters);
    }

    void add(HallDay hallDay, String bookingId) {
        waiting.add(new Unsettled(hallDay, bookingId, clock.instant()));
    }

    @Override
    protected Disposable launch() {
        return Flux.interval(EVERY)
                .onBackpressureDrop()
                .concatMap(tick -> settleDue())
                .subscribe(settled -> { }, failure -> log.error("Settling unsettled claims stopped", failure));
    }

    private Mono<Void> settleDue() {
        Instant due = clock.instant().minus(settleAfter);
        List<Unsettled> ready = new ArrayList<>();
        waiting.removeIf(claim -> claim.heldSince().isBefore(due) && ready.add(claim));
        if (ready.isEmpty()) {
            return Mono.empty();
        }
        return feed.awaitConsumed(BookingEventFeed.PERSISTENCE_GROUP, DRAIN_TIMEOUT)
                .thenMany(Flux.fromIterable(ready).concatMap(this::settle))
                .then()
                .onErrorResume(failure -> {
                    log.warn("{} unsettled claims wait for Kafka and PostgreSQL: {}", ready.size(), failure.toString());
                    waiting.addAll(ready);
                    return Mono.empty();
                });
    }

    private Mono<Boolean> settle(Unsettled claim) {
        return records.byId(claim.bookingId())
                .flatMap(found -> {
                    if (found.isPresent()) {
                        log.info("Booking {} was written after all: it stands", claim.bookingId());
                        return inventory.confirm(claim.hallDay(), claim.bookingId());
                    }
                    log.info("Booking {} never reached Kafka: its place goes back", claim.bookingId());
                    return inventory.release(claim.hallDay(), claim.bookingId());
                });
    }

    @Override
    protected void stopped() {
        if (!waiting.isEmpty()) {
            log.warn("{} claims stay PENDING (under-sold, never over-sold) until their hall-day is rebuilt",
                    waiting.size());
        }
    }

    private record Unsettled(HallDay hallDay, String bookingId, Instant heldSince) {
    }
}
