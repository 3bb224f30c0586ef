package cn.yuyue.booking.application;

import java.time.Duration;
import java.util.List;

import cn.yuyue.booking.model.BookingEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The booking events in the order they were made durable, for readers that keep their own
 * position (the PostgreSQL writer, the SMS sender). Records that cannot be read are parked on a
 * dead-letter topic by the adapter and never reach a reader.
 */
public interface BookingEventFeed {

    /** The consumer group that writes PostgreSQL; "consumed by it" means "in PostgreSQL". */
    String PERSISTENCE_GROUP = "yuyue-booking-writer";

    /**
     * Batches of events for one consumer group; a batch is delivered again after a restart unless
     * its {@link EventBatch#commit()} completed.
     */
    Flux<EventBatch> batches(String group);

    /**
     * Completes once the group has committed every event made durable before this call, or errs
     * after {@code timeout}.
     */
    Mono<Void> awaitConsumed(String group, Duration timeout);

    /** Events durable but not yet committed by the group, summed over partitions. */
    Mono<Long> lag(String group);

    record EventBatch(List<BookingEvent> events, Mono<Void> commit) {
    }
}
