package cn.yuyue.booking.application;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.yuyue.booking.model.Booking;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A taxpayer's agent reads the bookings made with their verified phone, and only those. */
@Service
public class ReadingBookings {

    private static final int LIST_LIMIT = 100;

    private final FindingBooking finding;
    private final BookingRecords records;
    private final RecentBookings recentBookings;

    ReadingBookings(FindingBooking finding, BookingRecords records, RecentBookings recentBookings) {
        this.finding = finding;
        this.records = records;
        this.recentBookings = recentBookings;
    }

    public Mono<BookingOutcome> one(String id, String phone) {
        return finding.find(id).map(found -> {
            if (found.isEmpty()) {
                return new BookingOutcome.Rejected(BookingRejection.BOOKING_NOT_FOUND, "No booking " + id);
            }
            if (!found.get().phone().equals(phone)) {
                return new BookingOutcome.Rejected(
                        BookingRejection.FORBIDDEN, "This booking was made with another phone");
            }
            return new BookingOutcome.Existing(found.get());
        });
    }

    /** Newest first: the durable record merged with what was confirmed but not yet written. */
    public Mono<List<Booking>> ofPhone(String phone) {
        Flux<Booking> recent =
                recentBookings.of(phone).concatMap(id -> finding.find(id).flatMap(found -> Mono.justOrEmpty(found)));
        return Flux.concat(recent, records.byPhone(phone, LIST_LIMIT))
                .filter(booking -> booking.phone().equals(phone))
                .collect(
                        LinkedHashMap<String, Booking>::new, (byId, booking) -> byId.putIfAbsent(booking.id(), booking))
                .map(Map::values)
                .map(bookings -> bookings.stream()
                        .sorted(Comparator.comparing(Booking::createdAt).reversed())
                        .limit(LIST_LIMIT)
                        .toList());
    }
}
