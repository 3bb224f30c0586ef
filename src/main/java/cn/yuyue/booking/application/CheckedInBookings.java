package cn.yuyue.booking.application;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import reactor.core.publisher.Flux;

/**
 * The hall's check-ins in the order they became durable, for its queue system to serve the
 * taxpayers first at the dedicated windows (预约办税专窗).
 *
 * <p>Each check-in has a position, 1, 2, 3, ... per hall, given once when the booking turns
 * CHECKED_IN in the durable record. Positions are the same on every instance and after restarts, and
 * a position becomes readable only after every smaller one of the hall did, so a reader continuing
 * after the last position it saw gets every check-in exactly once.
 */
public interface CheckedInBookings {

    /** Up to {@code limit} check-ins of the hall after {@code position}, lowest position first. */
    Flux<CheckIn> after(String hallCode, long position, int limit);

    /**
     * What a queue system needs for a priority ticket; nothing that names the taxpayer.
     *
     * @param position      the cursor after this check-in
     * @param appointmentNo as on the taxpayer's SMS and slip, e.g. {@code A007}
     * @param checkedInAt   when the guide checked the taxpayer in
     */
    record CheckIn(
            long position,
            String appointmentNo,
            LocalDate date,
            LocalTime start,
            LocalTime end,
            List<String> businessTypes,
            Instant checkedInAt) {

        public CheckIn {
            businessTypes = List.copyOf(businessTypes);
        }
    }
}
