package cn.yuyue.slot;

import java.time.Instant;
import java.time.LocalTime;

/**
 * A request for one place in one slot.
 *
 * @param record the booking record the inventory keeps while the place is held, as JSON; it must
 *               carry {@code id}, {@code start} (HH:mm) and {@code taxpayerId}
 */
public record PlaceClaim(
        HallDay hallDay,
        LocalTime start,
        String taxpayerId,
        String idempotencyKey,
        String fingerprint,
        String bookingId,
        String record,
        Instant now) {}
