package cn.yuyue.waitlist;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import cn.yuyue.slot.HallDay;

/**
 * One agent waiting for a place in one of several slots of a hall-day, for one taxpayer.
 *
 * @param seq   the joining order across every line (PostgreSQL identity, commit order)
 * @param phone the verified phone that joined (personal data: never logged unmasked)
 */
record WaitlistEntry(
        String id,
        long seq,
        String hallCode,
        LocalDate date,
        List<LocalTime> starts,
        String taxpayerId,
        String taxpayerName,
        String phone,
        List<String> businessTypes,
        String channel,
        String idempotencyKey,
        String fingerprint,
        WaitlistState state,
        String bookingId,
        String reason,
        Instant joinedAt,
        Instant updatedAt) {

    WaitlistEntry {
        starts = List.copyOf(starts);
        businessTypes = List.copyOf(businessTypes);
    }

    HallDay hallDay() {
        return new HallDay(hallCode, date);
    }

    /** The Idempotency-Key of the booking this entry makes in {@code start}: one per entry and slot. */
    String bookingKey(LocalTime start) {
        return "wl:" + id + ":" + start;
    }
}
