package cn.yuyue.booking.persistence;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import cn.yuyue.booking.application.BookingEventFeed;
import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallDayPlan;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.InventorySource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolBuilder;

/**
 * Rebuilds a hall-day from PostgreSQL, but only after the writer has persisted every booking event
 * Kafka acknowledged: then "schedule minus persisted bookings" includes the bookings still on
 * their way, and no place confirmed before a Redis loss can be sold again after it.
 */
@Component
class DurableInventorySource implements InventorySource {

    /** Two queries at a time each: 16 of the pool's 20 connections at most, the rest for everything else. */
    private static final int READERS = 8;

    private final HallCatalogue catalogue;
    private final R2dbcBookings bookings;
    private final BookingEventFeed feed;
    private final BookingJson json;
    private final InventoryProperties properties;
    private final Duration grace;
    private final AtomicReference<Barrier> barrier = new AtomicReference<>();
    /**
     * Rebuilds that pass a barrier together then read PostgreSQL at most {@link #READERS} at a time.
     * Refilling an empty Redis passes 2,672 hall-days through one barrier; read all at once, their
     * queries waited behind the 20 connections of the pool past their 5 s timeout, and hundreds of
     * builds failed (and with them the claims that waited on them).
     */
    private final InstrumentedPool<Object> readers = PoolBuilder.from(Mono.just(new Object()))
            .sizeBetween(0, READERS)
            .maxPendingAcquireUnbounded()
            .buildPool();

    DurableInventorySource(
            HallCatalogue catalogue,
            R2dbcBookings bookings,
            BookingEventFeed feed,
            BookingJson json,
            InventoryProperties properties,
            BookingEvents events) {
        this.catalogue = catalogue;
        this.bookings = bookings;
        this.feed = feed;
        this.json = json;
        this.properties = properties;
        // A claim still in flight when Redis lost its memory may append its event until the
        // producer gives up, however short the configured grace: the barrier waits for that too.
        this.grace = properties.rebuildGrace().compareTo(events.appendHorizon()) >= 0
                ? properties.rebuildGrace()
                : events.appendHorizon();
    }

    @Override
    public Mono<Snapshot> snapshot(HallDay hallDay) {
        // The schedule is read last, after the barrier and the queries, right before the build
        // script: both take seconds under load, and a hall that lowers its capacity meanwhile must
        // be built with the new one (the PostgreSQL drill sold three times a slot's places when a
        // build had read the schedule before the change). It is read as committed, not from this
        // instance's copy, which may not have seen an edit made through another instance yet.
        return drained()
                .then(readers.withPoolable(reader -> Mono.zip(
                                        bookings.ofHallDay(hallDay.hallCode(), hallDay.date())
                                                .collectList(),
                                        bookings.highestSeq(hallDay.hallCode(), hallDay.date()))
                                .flatMap(found -> catalogue
                                        .committedPlan(hallDay.hallCode(), hallDay.date())
                                        .map(plan -> snapshot(plan, found.getT1(), found.getT2()))))
                        .next());
    }

    private Snapshot snapshot(HallDayPlan plan, List<Booking> bookings, long highestSeq) {
        List<Capacity> capacities = plan.slots().stream()
                .map(slot -> new Capacity(slot.start(), slot.capacity()))
                .toList();
        List<String> holders = bookings.stream()
                .filter(booking -> booking.status().holdsPlace())
                .map(json::write)
                .toList();
        List<String> past = bookings.stream()
                .filter(booking -> !booking.status().holdsPlace())
                .map(json::write)
                .toList();
        return new Snapshot(plan.open(), capacities, holders, highestSeq, past);
    }

    /**
     * Waits out the grace, then for the writer to reach Kafka's end. Rebuilds that start while a
     * barrier has not yet read Kafka's positions share it: they are covered by the same reading.
     * Restoring the phones' counts ({@link PhoneCountRestoration}) waits on the same barrier.
     */
    Mono<Void> drained() {
        while (true) {
            Barrier current = barrier.get();
            if (current != null && !current.positionsRead().get()) {
                return current.done();
            }
            Barrier fresh = newBarrier();
            if (barrier.compareAndSet(current, fresh)) {
                return fresh.done();
            }
        }
    }

    private Barrier newBarrier() {
        AtomicBoolean positionsRead = new AtomicBoolean();
        Mono<Void> done = Mono.delay(grace)
                .doOnNext(tick -> positionsRead.set(true))
                .then(feed.awaitConsumed(BookingEventWriter.GROUP, properties.drainTimeout()))
                .cache();
        return new Barrier(done, positionsRead);
    }

    private record Barrier(Mono<Void> done, AtomicBoolean positionsRead) {}
}
