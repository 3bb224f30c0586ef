package cn.yuyue.waitlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class WaitlistCommandTest {

    private static WaitlistCommand command(List<LocalTime> starts, List<String> types, String taxpayer) {
        return new WaitlistCommand(
                "34010101", LocalDate.of(2026, 12, 3), starts, taxpayer, "张三", types, "13912345678", "key-1", "ONLINE");
    }

    @Test
    void should_keep_the_slots_in_time_order_without_repeats() {
        WaitlistCommand command = command(
                List.of(LocalTime.of(10, 0), LocalTime.of(9, 30), LocalTime.of(10, 0)), List.of("TAX_FILING"), "T1");
        assertThat(command.starts()).containsExactly(LocalTime.of(9, 30), LocalTime.of(10, 0));
    }

    @Test
    void should_fingerprint_the_same_request_alike_whatever_the_order_of_its_lists() {
        String one = command(List.of(LocalTime.of(9, 30), LocalTime.of(10, 0)), List.of("A", "B"), "T1")
                .fingerprint();
        String other = command(List.of(LocalTime.of(10, 0), LocalTime.of(9, 30)), List.of("B", "A"), "T1")
                .fingerprint();
        assertThat(one).isEqualTo(other).hasSize(32);
    }

    @Test
    void should_fingerprint_another_taxpayer_or_slot_differently() {
        String one = command(List.of(LocalTime.of(9, 30)), List.of("A"), "T1").fingerprint();
        assertThat(command(List.of(LocalTime.of(9, 30)), List.of("A"), "T2").fingerprint())
                .isNotEqualTo(one);
        assertThat(command(List.of(LocalTime.of(10, 0)), List.of("A"), "T1").fingerprint())
                .isNotEqualTo(one);
    }
}
