package cn.yuyue.booking.application;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import cn.yuyue.booking.model.BookingEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The booking events in the order they were made durable, for readers that keep their own
 * position (the PostgreSQL writer, the SMS sender). Records that cannot be read are parked on a
 * dead-letter topic by the adapter and never reach a reader. Events whose personal fields cannot be
 * decrypted here reach the readers as {@link UndecryptableEvent}s, for them to set aside.
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

    /**
     * @param undecryptable events of the batch whose personal fields this instance cannot decrypt,
     *                      taken out of {@code events}; committed with the batch, so a reader that
     *                      does not set them aside loses them
     */
    record EventBatch(List<BookingEvent> events, List<UndecryptableEvent> undecryptable, Mono<Void> commit) {

        public EventBatch(List<BookingEvent> events, Mono<Void> commit) {
            this(events, List.of(), commit);
        }
    }

    /**
     * A booking event whose personal fields this instance cannot decrypt (encrypted with a key it
     * does not list, or altered), with what travels in clear.
     *
     * @param position where the record is ({@code topic-partition@offset}), to append it again once
     *                 it can be read
     * @param record   the record as read, its personal fields still encrypted
     * @param reason   which field and why, never a value
     */
    record UndecryptableEvent(
            String eventId,
            String type,
            String bookingId,
            String hallCode,
            LocalDate date,
            String position,
            String record,
            String reason) {}
}
