package cn.yuyue.hall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import cn.yuyue.hall.WorkingDayCalendar.DayKind;
import org.junit.jupiter.api.Test;

class WorkingDayCalendarTest {

    private static final LocalDate FRIDAY = LocalDate.of(2026, 12, 4);
    private static final LocalDate SATURDAY = LocalDate.of(2026, 12, 5);
    private static final LocalDate SUNDAY = LocalDate.of(2026, 12, 6);

    @Test
    void should_open_monday_to_friday_and_close_weekends_by_default() {
        WorkingDayCalendar calendar = new WorkingDayCalendar(Map.of());
        assertThat(calendar.isWorkingDay(FRIDAY.minusDays(4))).isTrue();
        assertThat(calendar.isWorkingDay(FRIDAY)).isTrue();
        assertThat(calendar.isWorkingDay(SATURDAY)).isFalse();
        assertThat(calendar.isWorkingDay(SUNDAY)).isFalse();
    }

    @Test
    void should_close_a_weekday_holiday() {
        assertThat(new WorkingDayCalendar(Map.of(FRIDAY, DayKind.HOLIDAY)).isWorkingDay(FRIDAY))
                .isFalse();
    }

    @Test
    void should_open_an_adjusted_weekend_working_day() {
        assertThat(new WorkingDayCalendar(Map.of(SATURDAY, DayKind.WORKDAY)).isWorkingDay(SATURDAY))
                .isTrue();
    }

    @Test
    void should_ignore_entries_that_change_nothing() {
        WorkingDayCalendar calendar = new WorkingDayCalendar(Map.of(SUNDAY, DayKind.HOLIDAY, FRIDAY, DayKind.WORKDAY));
        assertThat(calendar.isWorkingDay(SUNDAY)).isFalse();
        assertThat(calendar.isWorkingDay(FRIDAY)).isTrue();
    }
}
