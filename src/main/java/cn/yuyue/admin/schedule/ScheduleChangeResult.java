package cn.yuyue.admin.schedule;

import java.time.LocalDate;
import java.time.LocalTime;

import cn.yuyue.hall.Hall;

/** What a change of a hall's schedule came to; {@link ScheduleController} words each answer. */
public sealed interface ScheduleChangeResult {

    /** Every built day of the booking window follows {@code schedule} now. */
    record Changed(Hall.Schedule schedule) implements ScheduleChangeResult {}

    /** On {@code date} the {@code start} slot holds {@code taken} bookings, more than the schedule allows; the old one is back. */
    record CapacityBelowBooked(LocalDate date, LocalTime start, int taken) implements ScheduleChangeResult {}
}
