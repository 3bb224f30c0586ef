package cn.yuyue.admin.desk;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.application.BookingRecords;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingId;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The bookings of a hall as its staff see them: the live hall-day in Redis first (what was just
 * booked, checked in or marked), then the durable record in PostgreSQL for everything else.
 * PENDING records are claims in flight or places held for a reschedule: not bookings yet.
 */
@Component
public class HallBookings {

    private final LiveBookings live;
    private final BookingJson json;
    private final BookingRecords records;
    private final Duration timeout;

    HallBookings(LiveBookings live, BookingJson json, BookingRecords records, Timeouts timeouts) {
        this.live = live;
        this.json = json;
        this.records = records;
        this.timeout = timeouts.postgres();
    }

    /** One booking by id, wherever it is freshest. */
    public Mono<Optional<Booking>> find(String id) {
        Optional<BookingId.Location> location = BookingId.locate(id);
        if (location.isEmpty()) {
            return Mono.just(Optional.empty());
        }
        return day(location.get().hallCode(), location.get().date())
                .map(bookings -> bookings.stream()
                        .filter(booking -> booking.id().equals(id))
                        .findFirst());
    }

    /** Every booking of the hall-day, by slot and appointment number. */
    public Mono<List<Booking>> day(String hallCode, LocalDate date) {
        Mono<List<Booking>> durable =
                records.ofHallDay(hallCode, date).collectList().timeout(timeout);
        Mono<List<Booking>> fresh = live.records(new HallDay(hallCode, date))
                .map(liveRecords -> liveRecords.stream().map(json::read).toList());
        return Mono.zip(durable, fresh).map(both -> {
            Map<String, Booking> byId = new LinkedHashMap<>();
            both.getT1().forEach(booking -> byId.put(booking.id(), booking));
            both.getT2().forEach(booking -> byId.put(booking.id(), booking));
            return byId.values().stream()
                    .filter(booking -> booking.status() != BookingStatus.PENDING)
                    .sorted(Comparator.comparing(Booking::start).thenComparing(Booking::appointmentSeq))
                    .toList();
        });
    }

    /**
     * Active bookings elsewhere that match a number and a name, for telling the guide "wrong hall" or
     * "wrong day": the hall's other days within {@code days}, and other halls today.
     */
    public Mono<List<Booking>> lookalikes(String hallCode, LocalDate today, long appointmentSeq, int days) {
        return records.lookalikes(hallCode, today, appointmentSeq, days)
                .collectList()
                .timeout(timeout);
    }
}
