package cn.yuyue.booking.application;

import java.util.Optional;

import cn.yuyue.booking.model.Booking;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The durable record of bookings (PostgreSQL), as written by the event consumer. */
public interface BookingRecords {

    Mono<Optional<Booking>> byId(String id);

    /** The bookings a phone made, newest first. */
    Flux<Booking> byPhone(String phone, int limit);
}
