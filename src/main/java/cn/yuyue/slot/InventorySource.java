package cn.yuyue.slot;

import java.time.LocalTime;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where an inventory is rebuilt from: the hall's plan for the day and the bookings that hold places
 * in it according to the durable record.
 *
 * <p>Implemented by the booking feature. Its {@link #snapshot} must include every booking whose
 * event Kafka acknowledged before the call, including ones not yet written to PostgreSQL.
 */
public interface InventorySource {

    Mono<Snapshot> snapshot(HallDay hallDay);

    /**
     * @param open           whether the hall takes bookings that day at all
     * @param capacities     capacity per slot start
     * @param holders        records (JSON) of the bookings holding a place, each with {@code id},
     *                       {@code start}, {@code taxpayerId} and, where known,
     *                       {@code idempotencyKey} and {@code fingerprint}
     * @param highestSeq     the highest appointment sequence used that day, so numbers never repeat
     * @param past           records of the day's bookings that no longer hold a place (cancelled,
     *                       withdrawn, ...): kept so that a replay of their request is answered with
     *                       them, as before the rebuild, instead of booking again
     */
    record Snapshot(boolean open, List<Capacity> capacities, List<String> holders, long highestSeq, List<String> past) {

        public Snapshot(boolean open, List<Capacity> capacities, List<String> holders, long highestSeq) {
            this(open, capacities, holders, highestSeq, List.of());
        }
    }

    record Capacity(LocalTime start, int places) {}
}
