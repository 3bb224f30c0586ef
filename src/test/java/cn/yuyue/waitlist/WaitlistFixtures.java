package cn.yuyue.waitlist;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.springframework.r2dbc.core.DatabaseClient;

/** What waitlist tests share: halls with small slots, request bodies and reads of the durable record. */
public final class WaitlistFixtures {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private WaitlistFixtures() {}

    /** Sets a hall's slot capacity to windows x places and forgets its next open day's inventory. */
    public static Hall hallWithCapacity(
            HallCatalogue catalogue,
            DatabaseClient database,
            RedisSlotInventory inventory,
            int index,
            int windows,
            int placesPerWindow) {
        Hall hall = catalogue.halls(null, null).get(index);
        database.sql("UPDATE hall_schedules SET dedicated_windows = :windows, places_per_window = :places "
                        + "WHERE hall_code = :hall")
                .bind("windows", windows)
                .bind("places", placesPerWindow)
                .bind("hall", hall.code())
                .fetch()
                .rowsUpdated()
                .block(PATIENCE);
        catalogue.refresh().block(PATIENCE);
        LocalDate day = cn.yuyue.booking.BookingFixtures.nextOpenDay(catalogue, hall.code());
        inventory.forget(new HallDay(hall.code(), day)).block(PATIENCE);
        return hall;
    }

    public static Map<String, Object> entryRequest(
            String hallCode, LocalDate date, List<String> starts, String taxpayerId) {
        return Map.of(
                "hallCode",
                hallCode,
                "date",
                date.toString(),
                "starts",
                starts,
                "taxpayerId",
                taxpayerId,
                "taxpayerName",
                "王五",
                "businessTypes",
                List.of("TAX_FILING"));
    }

    /** The entry's durable state and booking id. */
    record Row(String state, String bookingId, String taxpayerId, java.time.OffsetDateTime updatedAt) {}

    static Row row(DatabaseClient database, String entryId) {
        return database.sql("SELECT state, booking_id, taxpayer_id, updated_at FROM waitlist_entries WHERE id = :id")
                .bind("id", entryId)
                .map(row -> new Row(
                        row.get("state", String.class),
                        row.get("booking_id", String.class),
                        row.get("taxpayer_id", String.class),
                        row.get("updated_at", java.time.OffsetDateTime.class)))
                .one()
                .block(PATIENCE);
    }

    static String bookingStatus(DatabaseClient database, String bookingId) {
        return database.sql("SELECT status FROM bookings WHERE id = :id")
                .bind("id", bookingId)
                .map(row -> row.get("status", String.class))
                .one()
                .blockOptional(PATIENCE)
                .orElse(null);
    }
}
