package cn.yuyue.booking.application;

import java.util.Optional;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingId;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finds a booking where it is freshest: the live inventory of its hall-day first (a booking just
 * confirmed is there before PostgreSQL has it), then the durable record.
 */
@Component
class FindingBooking {

    private final SlotInventory inventory;
    private final BookingRecords records;
    private final BookingJson json;

    FindingBooking(SlotInventory inventory, BookingRecords records, BookingJson json) {
        this.inventory = inventory;
        this.records = records;
        this.json = json;
    }

    Mono<Optional<Booking>> find(String id) {
        Optional<BookingId.Location> location = BookingId.locate(id);
        if (location.isEmpty()) {
            return Mono.just(Optional.empty());
        }
        HallDay hallDay = new HallDay(location.get().hallCode(), location.get().date());
        return inventory
                .record(hallDay, id)
                .flatMap(record -> record.isPresent() ? Mono.just(record.map(json::read)) : records.byId(id))
                .map(found ->
                        found.map(booking -> booking.withStatus(booking.status().visible(), booking.updatedAt())));
    }
}
