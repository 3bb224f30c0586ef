package cn.yuyue.booking.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

class BookingWindowPolicyTest {

    private final BookingWindowPolicy policy = new BookingWindowPolicy(7, LocalTime.of(8, 0), Duration.ofHours(3));
    private final LocalDateTime now = LocalDateTime.of(2026, 12, 1, 9, 15);

    @Test
    void should_allow_a_slot_within_seven_days() {
        assertThat(policy.refusal(now, LocalDate.of(2026, 12, 3), LocalTime.of(9, 0)))
                .isEmpty();
    }

    @Test
    void should_refuse_past_days_and_days_beyond_the_window() {
        assertThat(policy.refusal(now, LocalDate.of(2026, 11, 30), LocalTime.of(9, 0)))
                .isPresent();
        assertThat(policy.refusal(now, LocalDate.of(2026, 12, 9), LocalTime.of(9, 0)))
                .isPresent();
    }

    @Test
    void should_open_the_seventh_day_at_the_release_time() {
        LocalDate seventh = LocalDate.of(2026, 12, 8);
        assertThat(policy.refusal(LocalDateTime.of(2026, 12, 1, 7, 59), seventh, LocalTime.of(9, 0)))
                .isPresent();
        assertThat(policy.refusal(LocalDateTime.of(2026, 12, 1, 8, 0), seventh, LocalTime.of(9, 0)))
                .isEmpty();
    }

    @Test
    void should_allow_same_day_slots_only_three_hours_ahead() {
        assertThat(policy.refusal(now, now.toLocalDate(), LocalTime.of(12, 0))).isPresent();
        assertThat(policy.refusal(now, now.toLocalDate(), LocalTime.of(12, 15))).isEmpty();
    }

    @Test
    void should_allow_cancelling_until_three_hours_before_the_slot() {
        CancellationPolicy cancellation = new CancellationPolicy(Duration.ofHours(3));
        Booking booking = new Booking(
                "x",
                1,
                "34010101",
                now.toLocalDate(),
                LocalTime.of(13, 30),
                LocalTime.of(14, 0),
                BookingStatus.BOOKED,
                "11010519491231002X",
                "张三",
                "13800138000",
                java.util.List.of("TAX_FILING"),
                Channel.ONLINE,
                "k",
                "f",
                java.time.Instant.EPOCH,
                java.time.Instant.EPOCH);
        assertThat(cancellation.allows(booking, LocalDateTime.of(2026, 12, 1, 10, 29)))
                .isTrue();
        assertThat(cancellation.allows(booking, LocalDateTime.of(2026, 12, 1, 10, 30)))
                .isFalse();
    }
}
