package cn.yuyue.hall;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;

/**
 * Which days halls open province-wide: Monday to Friday, except where the calendar says otherwise.
 *
 * <p>Only the exceptions are stored ({@code calendar_days}): a HOLIDAY closes a day that would be
 * a working day, a WORKDAY (调休) opens a weekend day. An entry that changes nothing (a HOLIDAY on
 * a Sunday) is harmless, which lets the operator enter a holiday period as published.
 */
final class WorkingDayCalendar {

    enum DayKind {
        HOLIDAY,
        WORKDAY
    }

    private final Map<LocalDate, DayKind> exceptions;

    WorkingDayCalendar(Map<LocalDate, DayKind> exceptions) {
        this.exceptions = Map.copyOf(exceptions);
    }

    boolean isWorkingDay(LocalDate day) {
        DayKind exception = exceptions.get(day);
        if (exception != null) {
            return exception == DayKind.WORKDAY;
        }
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY;
    }
}
