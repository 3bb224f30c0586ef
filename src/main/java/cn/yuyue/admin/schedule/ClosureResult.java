package cn.yuyue.admin.schedule;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** What closing a day or a slot came to; {@link ScheduleController} words each answer. */
public sealed interface ClosureResult {

    /** Closed; nobody can book there any more. */
    record Closed(ChangingSchedule.Closure closure) implements ClosureResult {}

    /** No open slot starts at {@code slotStart} on {@code date}. */
    record SlotNotFound(LocalDate date, LocalTime slotStart) implements ClosureResult {}

    /** Bookings hold places there; they are rescheduled by agreement first, never cancelled by the hall. */
    record SlotHasBookings(List<String> bookingIds) implements ClosureResult {
        public SlotHasBookings {
            bookingIds = List.copyOf(bookingIds);
        }
    }

    /** That day ({@code slotStart} null) or slot is closed already. */
    record AlreadyClosed(LocalTime slotStart) implements ClosureResult {}
}
