package cn.yuyue.booking.application;

import java.time.Instant;

import reactor.core.publisher.Flux;

/**
 * The ids of bookings a phone made lately, kept beside the live inventory so that a phone's list
 * shows a booking the moment it is confirmed, before the consumer has written it to PostgreSQL.
 */
public interface RecentBookings {

    reactor.core.publisher.Mono<Void> remember(String phone, String bookingId, Instant createdAt);

    Flux<String> of(String phone);
}
