package cn.yuyue.booking.application;

import cn.yuyue.booking.model.BookingEvent;
import reactor.core.publisher.Mono;

/**
 * Where booking events become durable. Completes only once the event is acknowledged by every
 * in-sync replica; a 201 is never sent before that.
 */
public interface BookingEvents {

    Mono<Void> publish(BookingEvent event);
}
