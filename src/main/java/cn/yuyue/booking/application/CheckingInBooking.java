package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.CheckInWindow;
import cn.yuyue.booking.model.Decision;
import cn.yuyue.booking.model.EventStamp;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * 现场确认 of a booking the guide has found: the booking decides, the event is made durable (queue
 * systems read it to serve the booking first), then the live record turns CHECKED_IN. A check-in the
 * guide was told about is never lost: if the live step fails, the event writer applies it once
 * PostgreSQL has the event ({@link MirroringDurableTransitions}).
 */
@Service
public class CheckingInBooking {

    private static final Logger log = LoggerFactory.getLogger(CheckingInBooking.class);

    private final BookingEvents events;
    private final LiveBookings live;
    private final BookingProperties properties;
    private final Clock clock;
    private final RandomGenerator random;
    private final PhoneCap phoneCap;

    CheckingInBooking(
            BookingEvents events,
            LiveBookings live,
            BookingProperties properties,
            Clock clock,
            RandomGenerator secureRandom,
            PhoneCap phoneCap) {
        this.phoneCap = phoneCap;
        this.events = events;
        this.live = live;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    public Mono<Transition> checkIn(Booking booking, CheckInWindow window) {
        LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
        Decision<BookingEvent.BookingCheckedIn> decision =
                booking.checkIn(new EventStamp(EventIds.next(random), clock.instant()), now, window);
        if (decision instanceof Decision.Refused<BookingEvent.BookingCheckedIn> refused) {
            return Mono.just(new Transition.Refused(refused.why()));
        }
        return record(booking, ((Decision.Allowed<BookingEvent.BookingCheckedIn>) decision).event());
    }

    private Mono<Transition> record(Booking booking, BookingEvent.BookingCheckedIn checkedIn) {
        return events.publish(checkedIn)
                .timeout(properties.eventTimeout())
                .then(Mono.defer(() -> markLive(booking)))
                // A booking that was used no longer holds a place of the phone's cap.
                .then(Mono.defer(() -> phoneCap.uncount(booking)))
                .<Transition>thenReturn(
                        new Transition.Done(booking.withStatus(BookingStatus.CHECKED_IN, checkedIn.occurredAt())))
                .onErrorResume(failure -> {
                    log.warn("Check-in of {} not acknowledged: {}", booking.id(), failure.toString());
                    return Mono.just(new Transition.NotRecorded());
                });
    }

    private Mono<Void> markLive(Booking booking) {
        return live.changeStatus(
                        new HallDay(booking.hallCode(), booking.date()),
                        booking.id(),
                        BookingStatus.BOOKED.name(),
                        BookingStatus.CHECKED_IN.name(),
                        clock.instant())
                .onErrorResume(failure -> {
                    log.warn(
                            "Check-in of {} is durable; the event writer marks the live record: {}",
                            booking.id(),
                            failure.toString());
                    return Mono.empty();
                })
                .then();
    }
}
