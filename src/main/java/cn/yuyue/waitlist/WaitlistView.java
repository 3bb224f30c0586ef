package cn.yuyue.waitlist;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

import cn.yuyue.platform.ProvinceTime;

/**
 * An entry as the phone that made it sees it. {@code position} is its place in line for its
 * slots (entries ahead that want one of them, plus one), present while WAITING; {@code bookingId}
 * once BOOKED; {@code reason} once EXPIRED.
 */
record WaitlistView(
        String id,
        String state,
        Long position,
        String hallCode,
        LocalDate date,
        List<String> starts,
        String taxpayerId,
        String taxpayerName,
        List<String> businessTypes,
        String bookingId,
        String reason,
        OffsetDateTime joinedAt,
        OffsetDateTime updatedAt) {

    static WaitlistView of(WaitlistEntry entry, long position) {
        return new WaitlistView(
                entry.id(),
                entry.state().name(),
                entry.state() == WaitlistState.WAITING && position > 0 ? position : null,
                entry.hallCode(),
                entry.date(),
                entry.starts().stream().map(LocalTime::toString).toList(),
                entry.taxpayerId(),
                entry.taxpayerName(),
                entry.businessTypes(),
                entry.bookingId(),
                entry.reason(),
                entry.joinedAt().atZone(ProvinceTime.ZONE).toOffsetDateTime(),
                entry.updatedAt().atZone(ProvinceTime.ZONE).toOffsetDateTime());
    }
}
