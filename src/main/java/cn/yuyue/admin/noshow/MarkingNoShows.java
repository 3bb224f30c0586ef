package cn.yuyue.admin.noshow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;

import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.booking.application.BookingEventFeed;
import cn.yuyue.booking.application.BookingRecords;
import cn.yuyue.booking.application.RecordingNoShow;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
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
 * is durable ({@link RecordingNoShow}, where the booking decides) and the booker's count is updated; the third counted no-show locks the booker out
 * of every hall. Every step is idempotent, so sweeps may overlap or crash half-way.
 */
@Service
@EnableConfigurationProperties(NoShowProperties.class)
public class MarkingNoShows {

    private static final Logger log = LoggerFactory.getLogger(MarkingNoShows.class);

    private final LiveBookings live;
    private final HallBookings bookings;
    private final BookingRecords records;
    private final BookingEventFeed feed;
    private final RecordingNoShow noShows;
    private final BookerLockStore locks;
    private final NoShowProperties properties;
    private final Clock clock;
    private final Duration drainTimeout;

    MarkingNoShows(
            LiveBookings live,
            HallBookings bookings,
            BookingRecords records,
            BookingEventFeed feed,
            RecordingNoShow noShows,
            BookerLockStore locks,
            NoShowProperties properties,
            Clock clock,
            Timeouts timeouts) {
        this.live = live;
        this.bookings = bookings;
        this.records = records;
        this.feed = feed;
        this.noShows = noShows;
        this.locks = locks;
        this.properties = properties;
        this.clock = clock;
        this.drainTimeout = timeouts.drain();
    }

    /** Sweeps one hall-day as of now; completes with the number of no-shows recorded. */
    public Mono<Long> sweep(HallDay hallDay) {
        LocalDateTime cutoff =
                LocalDateTime.now(clock.withZone(ProvinceTime.ZONE)).minus(properties.grace());
        if (cutoff.toLocalDate().isBefore(hallDay.date())) {
            return Mono.just(0L);
        }
        LocalTime endedBy = cutoff.toLocalDate().isAfter(hallDay.date()) ? LocalTime.MAX : cutoff.toLocalTime();
        return live.markNoShows(hallDay, endedBy.withSecond(0).withNano(0), clock.instant())
                .flatMap(marked -> marked.isEmpty()
                        ? Mono.just(marked)
                        : durableRecordCaughtUp().thenReturn(marked))
                .flatMapMany(Flux::fromIterable)
                .concatMap(id -> strikeIfDurablyBooked(hallDay, id))
                .count()
                .onErrorResume(failure -> {
                    log.warn("No-shows of {} stay pending for the next sweep: {}", hallDay, failure.toString());
                    return Mono.just(0L);
                });
    }

    /**
     * Redis marks what it believes is still BOOKED, but a cancellation or check-in whose Redis step
     * failed leaves it believing so. The strike (a count towards a lock) is decided on the durable
     * record instead, once the writer has caught up with every event Kafka holds.
     */
    private Mono<Void> durableRecordCaughtUp() {
        return feed.awaitConsumed(BookingEventFeed.PERSISTENCE_GROUP, drainTimeout);
    }

    private Mono<String> strikeIfDurablyBooked(HallDay hallDay, String bookingId) {
        return records.byId(bookingId)
                .flatMap(durable -> {
                    BookingStatus status = durable.map(Booking::status).orElse(null);
                    if (status == BookingStatus.BOOKED || status == BookingStatus.NO_SHOW) {
                        return record(hallDay, bookingId);
                    }
                    if (status == null) {
                        log.warn("No-show {} is not in the durable record; no strike", bookingId);
                        return live.noShowRecorded(hallDay, bookingId).then(Mono.<String>empty());
                    }
                    log.warn(
                            "Redis marked {} as a no-show but the durable record says {}; no strike, Redis corrected",
                            bookingId,
                            status);
                    return live.changeStatus(
                                    hallDay, bookingId, BookingStatus.NO_SHOW.name(), status.name(), clock.instant())
                            .then(live.noShowRecorded(hallDay, bookingId))
                            .then(Mono.<String>empty());
                })
                .onErrorResume(failure -> {
                    log.warn("No-show {} stays pending for the next sweep: {}", bookingId, failure.toString());
                    return Mono.empty();
                });
    }

    private Mono<String> record(HallDay hallDay, String bookingId) {
        return bookings.find(bookingId)
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return live.noShowRecorded(hallDay, bookingId).then(Mono.<String>empty());
                    }
                    Booking booking = found.get();
                    return noShows.record(booking)
                            .flatMap(recorded -> recorded
                                    ? strike(booking, clock.instant())
                                            .then(live.noShowRecorded(hallDay, bookingId))
                                            .thenReturn(bookingId)
                                    : live.noShowRecorded(hallDay, bookingId).then(Mono.<String>empty()));
                })
                .onErrorResume(failure -> {
                    log.warn("No-show {} stays pending for the next sweep: {}", bookingId, failure.toString());
                    return Mono.empty();
                });
    }

    /** The no-show is durable: count it against the booker, and lock the booker at the count. */
    private Mono<Void> strike(Booking booking, Instant now) {
        return locks.recordNoShow(booking, now).then(lockIfDue(booking.phone(), now));
    }

    private Mono<Void> lockIfDue(String phone, Instant now) {
        return locks.find(phone).flatMap(existing -> {
            if (existing.isPresent() && existing.get().activeAt(now)) {
                return Mono.<Void>empty();
            }
            return locks.countedNoShows(phone, now.minus(properties.countWithin()))
                    .flatMap(count -> {
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
