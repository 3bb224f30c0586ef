package cn.yuyue.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;

import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.platform.ProvinceTime;
import org.junit.jupiter.api.Test;

class ReleaseCalendarTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 10);
    private static final BookingProperties BOOKING = new BookingProperties(
            7,
            LocalTime.of(8, 0),
            Duration.ofHours(3),
            Duration.ofHours(3),
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            512,
            16,
            Duration.ofMillis(250),
            32,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            5);

    private static ReleaseCalendar calendar(boolean daily) {
        ReleaseProperties properties = new ReleaseProperties(
                new ReleaseProperties.Daily(daily),
                Duration.ofMinutes(30),
                Duration.ofHours(1),
                3,
                10,
                Duration.ofMinutes(2),
                Duration.ofSeconds(1),
                500,
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(15),
                5,
                Duration.ofSeconds(2));
        return new ReleaseCalendar(null, properties, BOOKING, Clock.system(ProvinceTime.ZONE));
    }

    private static Instant at(LocalDate date, int hour, int minute) {
        return ZonedDateTime.of(date.atTime(hour, minute), ProvinceTime.ZONE).toInstant();
    }

    @Test
    void should_release_the_newest_day_at_eight_seven_days_before() {
        Release daily = calendar(true).on(DAY).get(0);
        assertThat(daily.id()).isEqualTo("daily-2026-12-10");
        assertThat(daily.opensAt()).isEqualTo(at(LocalDate.of(2026, 12, 3), 8, 0));
        assertThat(daily.closesAt()).isEqualTo(at(LocalDate.of(2026, 12, 3), 9, 0));
        assertThat(calendar(true).byId("daily-2026-12-10")).contains(daily);
    }

    @Test
    void should_guard_the_newest_day_from_half_past_seven_until_nine_only() {
        ReleaseCalendar calendar = calendar(true);
        LocalDate releasedOn = LocalDate.of(2026, 12, 3);
        assertThat(calendar.roomOpenFor(DAY, at(releasedOn, 7, 29))).isEmpty();
        assertThat(calendar.roomOpenFor(DAY, at(releasedOn, 7, 30))).isPresent();
        assertThat(calendar.roomOpenFor(DAY, at(releasedOn, 8, 59))).isPresent();
        assertThat(calendar.roomOpenFor(DAY, at(releasedOn, 9, 0))).isEmpty();
        assertThat(calendar.roomOpenFor(DAY.minusDays(1), at(releasedOn, 8, 0))).isEmpty();
        assertThat(calendar.admittingAt(at(releasedOn, 8, 0)))
                .extracting(Release::id)
                .containsExactly("daily-2026-12-10");
    }

    @Test
    void should_have_no_daily_release_when_switched_off() {
        assertThat(calendar(false).on(DAY)).isEmpty();
        assertThat(calendar(false).byId("daily-2026-12-10")).isEmpty();
        assertThat(calendar(false).byId("daily-nonsense")).isEmpty();
    }

    @Test
    void should_know_an_added_release_at_once_and_forget_a_withdrawn_one() {
        ReleaseCalendar calendar = calendar(false);
        Release added = new Release("r-abc", DAY, at(DAY, 9, 0), at(DAY, 10, 0), false, "deadline");
        calendar.remember(added);
        assertThat(calendar.on(DAY)).containsExactly(added);
        assertThat(calendar.byId("r-abc")).contains(added);
        calendar.forget("r-abc");
        assertThat(calendar.byId("r-abc")).isEmpty();
    }
}
