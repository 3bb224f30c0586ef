package cn.yuyue.booking.persistence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.Channel;
import io.r2dbc.spi.Readable;

/** The one mapping between a row of the {@code bookings} table and a {@link Booking}. */
public final class BookingRows {

    /** Every column, in the order the writer inserts them. */
    public static final String COLUMNS = "id, hall_code, day, slot_start, slot_end, appointment_seq, status, "
            + "taxpayer_id, taxpayer_name, phone, business_types, channel, idempotency_key, request_fingerprint, "
            + "created_at, updated_at";

    private BookingRows() {}

    public static Booking toBooking(Readable row) {
        String[] types = row.get("business_types", String[].class);
        return new Booking(
                row.get("id", String.class),
                row.get("appointment_seq", Long.class),
                row.get("hall_code", String.class),
                row.get("day", LocalDate.class),
                row.get("slot_start", LocalTime.class),
                row.get("slot_end", LocalTime.class),
                BookingStatus.valueOf(row.get("status", String.class)),
                row.get("taxpayer_id", String.class),
                row.get("taxpayer_name", String.class),
                row.get("phone", String.class),
                types == null ? List.of() : Arrays.asList(types),
                Channel.valueOf(row.get("channel", String.class)),
                row.get("idempotency_key", String.class),
                row.get("request_fingerprint", String.class),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("updated_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
