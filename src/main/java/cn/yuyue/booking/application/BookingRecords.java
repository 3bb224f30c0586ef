package cn.yuyue.booking.application;

import java.time.LocalDate;
import java.util.Optional;

import cn.yuyue.booking.model.Booking;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The durable record of bookings (PostgreSQL), as written by the event consumer. */
public interface BookingRecords {

    Mono<Optional<Booking>> byId(String id);

    /** The bookings a phone made, newest first. */
    Flux<Booking> byPhone(String phone, int limit);

    /** Every booking of a hall-day, whatever its status, in no order. */
    Flux<Booking> ofHallDay(String hallCode, LocalDate day);

    /**
     * Bookings holding a place with appointment sequence {@code appointmentSeq} at the hall on its
     * other days within {@code days} of {@code today}, and at other halls today: at most 50.
     */
    Flux<Booking> lookalikes(String hallCode, LocalDate today, long appointmentSeq, int days);
}
