package cn.yuyue.booking.model;

import java.time.Duration;
import java.time.LocalDateTime;

/** Rule 5 of the notice: a booking may be cancelled until {@code minimumLead} before its slot. */
public record CancellationPolicy(Duration minimumLead) {

    public LocalDateTime deadline(Booking booking) {
        return booking.date().atTime(booking.start()).minus(minimumLead);
    }

    public boolean allows(Booking booking, LocalDateTime now) {
        return now.isBefore(deadline(booking));
    }
}
