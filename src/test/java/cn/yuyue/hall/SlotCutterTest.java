package cn.yuyue.hall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class SlotCutterTest {

    @Test
    void should_cut_the_usual_day_into_thirteen_half_hour_slots() {
        Hall.Schedule usual = new Hall.Schedule(
                LocalTime.of(9, 0), LocalTime.of(12, 0), LocalTime.of(13, 30), LocalTime.of(17, 0), 30, 2, 3);

        List<SlotPlan> slots = SlotCutter.cut(usual);

        assertThat(slots).hasSize(6 + 7);
        assertThat(slots.get(0)).isEqualTo(new SlotPlan(LocalTime.of(9, 0), LocalTime.of(9, 30), 6));
        assertThat(slots.get(5).end()).isEqualTo(LocalTime.of(12, 0));
        assertThat(slots.get(6).start()).isEqualTo(LocalTime.of(13, 30));
        assertThat(slots.get(12)).isEqualTo(new SlotPlan(LocalTime.of(16, 30), LocalTime.of(17, 0), 6));
    }

    @Test
    void should_not_offer_a_slot_that_would_run_past_the_session_end() {
        List<SlotPlan> slots = SlotCutter.cutSession(LocalTime.of(13, 30), LocalTime.of(17, 0), 60, 4);

        assertThat(slots)
                .extracting(SlotPlan::start)
                .containsExactly(LocalTime.of(13, 30), LocalTime.of(14, 30), LocalTime.of(15, 30));
        assertThat(slots.get(2).end()).isEqualTo(LocalTime.of(16, 30));
    }

    @Test
    void should_offer_nothing_when_the_session_is_shorter_than_a_slot() {
        assertThat(SlotCutter.cutSession(LocalTime.of(9, 0), LocalTime.of(9, 20), 30, 3))
                .isEmpty();
    }

    @Test
    void should_not_wrap_past_midnight() {
        assertThat(SlotCutter.cutSession(LocalTime.of(23, 0), LocalTime.MAX, 30, 1))
                .containsExactly(new SlotPlan(LocalTime.of(23, 0), LocalTime.of(23, 30), 1));
    }

    @Test
    void should_refuse_a_slot_length_that_is_not_positive() {
        assertThatThrownBy(() -> SlotCutter.cutSession(LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
