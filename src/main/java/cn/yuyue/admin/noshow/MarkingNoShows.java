package cn.yuyue.admin.noshow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.random.RandomGenerator;

import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.application.EventIds;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rule 6: after its slot ends, a booking neither checked in nor cancelled is a no-show, once. The
 * live record turns NO_SHOW atomically (only from BOOKED, so withdrawn, rescheduled or cancelled
 * bookings never count); each marked id then waits in the hall-day's pending set until its event
 * is durable and the booker's count is updated; the third counted no-show locks the booker out
 * of every hall. Every step is idempotent, so sweeps may overlap or crash half-way.
 */
@Service
@EnableConfigurationProperties(NoShowProperties.class)
public class MarkingNoShows {

    private static final Logger log = LoggerFactory.getLogger(MarkingNoShows.class);
    /** The same wait for Kafka as a taxpayer's booking (yuyue.booking.event-timeout). */
    private final Duration eventTimeout;

    private final LiveBookings live;
    private final HallBookings bookings;
    private final BookingEvents events;
    private final BookerLockStore locks;
    private final NoShowProperties properties;
    private final Clock clock;
    private final RandomGenerator random;

    MarkingNoShows(LiveBookings live, HallBookings bookings, BookingEvents events, BookerLockStore locks,
                   NoShowProperties properties, Clock clock, RandomGenerator secureRandom,
            BookingProperties bookingProperties) {
        this.eventTimeout = bookingProperties.eventTimeout();
        this.live = live;
        this.bookings = bookings;
        this.events = events;
        this.locks = locks;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    /** Sweeps one hall-day as of now; completes with the number of no-shows recorded. */
    public Mono<Long> sweep(HallDay hallDay) {
        LocalDateTime cutoff = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE)).minus(properties.grace());
        if (cutoff.toLocalDate().isBefore(hallDay.date())) {
            return Mono.just(0L);
        }
        LocalTime endedBy = cutoff.toLocalDate().isAfter(hallDay.date()) ? LocalTime.MAX : cutoff.toLocalTime();
        return live.markNoShows(hallDay, endedBy.withSecond(0).withNano(0), clock.instant())
                .flatMapMany(Flux::fromIterable)
                .concatMap(id -> record(hallDay, id))
                .count();
    }

    private Mono<String> record(HallDay hallDay, String bookingId) {
        return bookings.find(bookingId).flatMap(found -> {
            if (found.isEmpty() || found.get().status() != BookingStatus.NO_SHOW) {
                return live.noShowRecorded(hallDay, bookingId).then(Mono.<String>empty());
            }
            Booking booking = found.get();
            Instant now = clock.instant();
            BookingEvent event = new BookingEvent.BookingMarkedNoShow(EventIds.next(random), now, booking.id(),
                    booking.hallCode(), booking.date());
            return events.publish(event)
                    .timeout(eventTimeout)
                    .then(locks.recordNoShow(booking, now))
                    .then(lockIfDue(booking.phone(), now))
                    .then(live.noShowRecorded(hallDay, bookingId))
                    .thenReturn(bookingId);
        }).onErrorResume(failure -> {
            log.warn("No-show {} stays pending for the next sweep: {}", bookingId, failure.toString());
            return Mono.empty();
        });
    }

    private Mono<Void> lockIfDue(String phone, Instant now) {
        return locks.find(phone).flatMap(existing -> {
            if (existing.isPresent() && existing.get().activeAt(now)) {
                return Mono.<Void>empty();
            }
            return locks.countedNoShows(phone, now.minus(properties.countWithin())).flatMap(count -> {
                if (count < properties.lockAfter()) {
                    return Mono.<Void>empty();
                }
                Instant until = now.plus(properties.lockFor());
                log.info("Booker {} locked until {} after {} no-shows", MaskedPhone.of(phone), until, count);
                return locks.lock(phone, now, until, count + " no-shows");
            });
        });
    }
}
