package cn.yuyue.booking.application;

import java.time.Clock;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.Decision;
import cn.yuyue.booking.model.EventStamp;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Rule 6, the booking's part: a booking whose live record was marked NO_SHOW when its slot ended
 * records the no-show as a durable event. The mark itself is one Redis script
 * ({@code LiveBookings.markNoShows}); what a no-show costs the booker (a strike, a lock) is decided
 * by whoever sweeps, after this event is durable. Publishing twice is harmless: the writer applies
 * the status once.
 */
@Service
public class RecordingNoShow {

    private final BookingEvents events;
    private final BookingProperties properties;
    private final Clock clock;
    private final RandomGenerator random;
    private final PhoneCap phoneCap;

    RecordingNoShow(
            BookingEvents events,
            BookingProperties properties,
            Clock clock,
            RandomGenerator secureRandom,
            PhoneCap phoneCap) {
        this.phoneCap = phoneCap;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    /**
     * @return true once the no-show is durable; false if the booking is not marked NO_SHOW (nothing
     *         recorded); an error if Kafka did not acknowledge in time (the mark stays pending)
     */
    public Mono<Boolean> record(Booking booking) {
        Decision<BookingEvent.BookingMarkedNoShow> decision =
                booking.recordNoShow(new EventStamp(EventIds.next(random), clock.instant()));
        if (!(decision instanceof Decision.Allowed<BookingEvent.BookingMarkedNoShow> allowed)) {
            return Mono.just(false);
        }
        return events.publish(allowed.event())
                .timeout(properties.eventTimeout())
                // The booking has ended: it no longer counts against its phone's cap.
                .then(Mono.defer(() -> phoneCap.uncount(booking)))
                .thenReturn(true);
    }
}
