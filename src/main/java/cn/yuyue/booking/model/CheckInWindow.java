package cn.yuyue.booking.model;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * When the guide may check a booking in: from {@code opensBefore} its slot starts until
 * {@code closesAfter} it ends. Early enough for a queue at the door, late enough for a slow window.
 */
public record CheckInWindow(Duration opensBefore, Duration closesAfter) {

    public LocalDateTime opens(Booking booking) {
        return booking.date().atTime(booking.start()).minus(opensBefore);
    }

    public LocalDateTime closes(Booking booking) {
        return booking.date().atTime(booking.end()).plus(closesAfter);
    }
}
