package cn.yuyue.booking.model;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;

/**
 * Rule 1 of the notice: book up to {@code daysAhead} days ahead; the newest day opens at the
 * release time; a same-day slot only when it starts at least {@code minimumLead} from now.
 */
public record BookingWindowPolicy(int daysAhead, LocalTime releaseTime, Duration minimumLead) {

    /** Why the slot cannot be booked now, or empty when it can. */
    public Optional<String> refusal(LocalDateTime now, LocalDate date, LocalTime start) {
        LocalDate today = now.toLocalDate();
        if (date.isBefore(today)) {
            return Optional.of("the date has passed");
        }
        if (date.isAfter(today.plusDays(daysAhead))) {
            return Optional.of("bookings open " + daysAhead + " days ahead");
        }
        if (date.equals(today.plusDays(daysAhead)) && now.toLocalTime().isBefore(releaseTime)) {
            return Optional.of("places for " + date + " are released at " + releaseTime);
        }
        if (date.atTime(start).isBefore(now.plus(minimumLead))) {
            return Optional.of("a slot must be booked at least " + minimumLead.toHours() + " hours before it starts");
        }
        return Optional.empty();
    }
}
