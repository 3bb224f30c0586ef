package cn.yuyue.booking.application;

import java.time.Duration;

import cn.yuyue.booking.model.BookingEvent;
import reactor.core.publisher.Mono;

/**
 * Where booking events become durable. Completes only once the event is acknowledged by every
 * in-sync replica; a 201 is never sent before that.
 */
public interface BookingEvents {

    Mono<Void> publish(BookingEvent event);

    /**
     * The longest an event may still be appended after {@link #publish} began, even when the
     * caller stopped waiting for it: whatever waits for claims in flight to reach the log (a
     * rebuild's barrier) must wait at least this long.
     */
    Duration appendHorizon();
}
