package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class EstimatedWaitTest {

    @Test
    void should_share_the_tickets_ahead_among_the_serving_windows_rounding_up() {
        assertThat(EstimatedWait.minutes(10, 3, 6)).isEqualTo(20);
        assertThat(EstimatedWait.minutes(7, 3, 6)).isEqualTo(14);
        assertThat(EstimatedWait.minutes(1, 4, 6)).isEqualTo(2);
    }

    @Test
    void should_be_zero_without_anyone_waiting() {
        assertThat(EstimatedWait.minutes(0, 0, 6)).isZero();
        assertThat(EstimatedWait.minutes(0, 5, 6)).isZero();
    }

    @Test
    void should_assume_one_window_when_nobody_is_serving() {
        assertThat(EstimatedWait.minutes(4, 0, 6)).isEqualTo(24);
    }

    @Test
    void should_cap_the_estimate_at_one_day() {
        assertThat(EstimatedWait.minutes(10_000, 1, 6)).isEqualTo(EstimatedWait.MAX_MINUTES);
    }

    @Test
    void should_fill_in_only_the_estimates_a_queue_system_left_out_using_the_groups_minutes() {
        StatePush push = new StatePush(
                5L,
                OffsetDateTime.parse("2026-12-01T09:30:00+08:00"),
                List.of(
                        new StatePush.GroupPush("综合业务", 10, 2, null),
                        new StatePush.GroupPush("发票业务", 10, 2, null),
                        new StatePush.GroupPush("社保业务", 10, 2, 3)));

        PushedState state = push.accept("34010101", Instant.parse("2026-12-01T01:30:01Z"), QueueTestData.defaults());

        assertThat(state.groups())
                .extracting(PushedState.Group::estimatedWaitMinutes)
                .containsExactly(30, 20, 3);
    }

    @Test
    void should_name_each_bad_field_of_a_push() {
        StatePush push = new StatePush(
                0L,
                OffsetDateTime.parse("2030-01-01T00:00:00+08:00"),
                List.of(
                        new StatePush.GroupPush("综合业务", -1, 2, null),
                        new StatePush.GroupPush("综合业务", 1, null, 99_999)));

        var violations = push.violations(Instant.parse("2026-12-01T01:30:00Z"), Duration.ofMinutes(5))
                .list();

        assertThat(violations)
                .extracting(error -> error.field())
                .containsExactly(
                        "sequence",
                        "observedAt",
                        "groups[0].waiting",
                        "groups[1].group",
                        "groups[1].serving",
                        "groups[1].estimatedWaitMinutes");
    }
}
