package cn.yuyue.booking.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** How a batch of booking events is sent: concurrently across bookings, in order within one. */
class BookingSmsNotifierTest {

    private static final Duration GATEWAY = Duration.ofMillis(50);

    @Test
    void should_send_the_events_of_different_bookings_at_once_up_to_the_bound() {
        List<BookingEvent> events = IntStream.range(0, 100)
                .mapToObj(i -> cancelled("B" + i, "e" + i))
                .toList();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        Function<BookingEvent, Mono<Void>> send = event -> Mono.delay(GATEWAY)
                .doOnSubscribe(started -> mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max))
                .doOnTerminate(inFlight::decrementAndGet)
                .then();

        // 100 messages, 32 at a time: four rounds of one gateway call each, not 100.
        StepVerifier.withVirtualTime(() -> BookingSmsNotifier.inBookingOrder(events, send, 32))
                .expectSubscription()
                .expectNoEvent(GATEWAY.multipliedBy(4).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(mostInFlight).hasValue(32);
    }

    @Test
    void should_send_the_events_of_one_booking_one_after_another_in_their_order() {
        List<BookingEvent> events = List.of(
                cancelled("A", "a1"),
                cancelled("B", "b1"),
                cancelled("A", "a2"),
                cancelled("C", "c1"),
                cancelled("A", "a3"),
                cancelled("B", "b2"));
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        // The first event of each booking is the slowest, so a later one would overtake it if it could.
        Function<BookingEvent, Mono<Void>> send =
                event -> Mono.delay(event.eventId().endsWith("1") ? GATEWAY.multipliedBy(3) : GATEWAY)
                        .doOnSubscribe(started -> log.add("start " + event.eventId()))
                        .doOnSuccess(done -> log.add("end " + event.eventId()))
                        .then();

        StepVerifier.withVirtualTime(() -> BookingSmsNotifier.inBookingOrder(events, send, 32))
                .thenAwait(GATEWAY.multipliedBy(10))
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        assertThat(log.stream().filter(entry -> entry.endsWith("a1") || entry.endsWith("a2") || entry.endsWith("a3")))
                .containsExactly("start a1", "end a1", "start a2", "end a2", "start a3", "end a3");
        assertThat(log.stream().filter(entry -> entry.endsWith("b1") || entry.endsWith("b2")))
                .containsExactly("start b1", "end b1", "start b2", "end b2");
        assertThat(log.subList(0, 3)).containsExactlyInAnyOrder("start a1", "start b1", "start c1");
    }

    private static BookingEvent cancelled(String bookingId, String eventId) {
        return new BookingEvent.BookingCancelled(
                eventId, Instant.EPOCH, bookingId, "34010101", LocalDate.of(2026, 12, 1), BookingStatus.CANCELLED);
    }
}
