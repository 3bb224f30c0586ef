package cn.yuyue.hall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class HallRosterTest {

    private static final List<Division> DIVISIONS = CatalogueFiles.divisions();
    private static final List<HallRoster.Entry> ROSTER = HallRoster.anhui().generate(DIVISIONS);

    @Test
    void should_read_110_divisions_of_16_cities() {
        assertThat(DIVISIONS).hasSize(110);
        assertThat(DIVISIONS.stream().map(Division::cityCode).distinct()).hasSize(16);
    }

    @Test
    void should_generate_exactly_334_halls() {
        assertThat(ROSTER).hasSize(HallRoster.PROVINCE_HALLS).hasSize(334);
    }

    @Test
    void should_give_every_division_at_least_one_hall() {
        Map<Division, Long> perDivision = hallsPerDivision();
        assertThat(perDivision.keySet()).containsExactlyInAnyOrderElementsOf(DIVISIONS);
        assertThat(perDivision.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(1));
    }

    @Test
    void should_give_districts_and_zones_more_halls_than_counties_on_average() {
        Map<Boolean, Double> averageByUrban = hallsPerDivision().entrySet().stream()
                .collect(Collectors.partitioningBy(
                        entry -> entry.getKey().kind().urban(), Collectors.averagingLong(Map.Entry::getValue)));
        assertThat(averageByUrban.get(true)).isGreaterThan(averageByUrban.get(false));
    }

    @Test
    void should_give_unique_eight_digit_codes_in_order_and_unique_phones() {
        List<String> codes = ROSTER.stream().map(entry -> entry.hall().code()).toList();
        assertThat(codes)
                .doesNotHaveDuplicates()
                .isSorted()
                .allSatisfy(code -> assertThat(code).matches("34\\d{6}"));
        assertThat(ROSTER.stream().map(entry -> entry.hall().phone())).doesNotHaveDuplicates();
        assertThat(ROSTER.stream().map(entry -> entry.hall().name())).doesNotHaveDuplicates();
    }

    @Test
    void should_be_identical_on_every_run() {
        assertThat(HallRoster.anhui().generate(CatalogueFiles.divisions())).isEqualTo(ROSTER);
        Hall first = ROSTER.get(0).hall();
        // Pinned: hall codes are referred to by bookings and queue systems, so they must not drift.
        assertThat(first.code()).isEqualTo("34010101");
        assertThat(first.name()).isEqualTo("合肥市瑶海区第一办税服务厅");
        assertThat(first.phone()).startsWith("0551-6").hasSize(13);
        assertThat(first.address()).startsWith("安徽省合肥市瑶海区").endsWith("号");
    }

    @Test
    void should_code_halls_by_city_prefix_division_index_and_hall_number() {
        Hall secondOfLuyang = hall(h -> h.county().equals("庐阳区") && h.name().contains("第二"));
        assertThat(secondOfLuyang.code()).isEqualTo("34010202");
        Hall firstOfJinghu = hall(h -> h.county().equals("镜湖区") && h.name().contains("第一"));
        assertThat(firstOfJinghu.code()).isEqualTo("34020101");
        assertThat(firstOfJinghu.phone()).startsWith("0553-");
    }

    @Test
    void should_not_repeat_the_city_for_zones_named_after_it() {
        assertThat(hall(h -> h.county().equals("合肥高新技术产业开发区")).name()).startsWith("合肥高新技术产业开发区第");
    }

    @Test
    void should_give_plausible_schedules() {
        assertThat(ROSTER).allSatisfy(entry -> {
            Hall.Schedule schedule = entry.hall().schedule();
            assertThat(schedule.slotMinutes()).isEqualTo(30);
            assertThat(schedule.dedicatedWindows()).isBetween(1, 4);
            assertThat(schedule.morningStart()).isBefore(schedule.morningEnd());
            assertThat(schedule.morningEnd()).isBeforeOrEqualTo(schedule.afternoonStart());
            assertThat(SlotCutter.cut(schedule)).isNotEmpty();
        });
        long usualHours = ROSTER.stream()
                .map(entry -> entry.hall().schedule())
                .filter(schedule -> schedule.morningStart().toString().equals("09:00")
                        && schedule.afternoonStart().toString().equals("13:30"))
                .count();
        assertThat(usualHours).isGreaterThan(ROSTER.size() / 2).isLessThan(ROSTER.size());
    }

    @Test
    void should_leave_out_the_ordinal_when_a_division_has_one_hall() {
        List<Division> divisions = List.of(
                new Division("340100", "合肥市", "庐江县", Division.Kind.COUNTY),
                new Division("340100", "合肥市", "瑶海区", Division.Kind.DISTRICT));
        List<HallRoster.Entry> roster =
                new HallRoster(Map.of(Division.Kind.COUNTY, 1, Division.Kind.DISTRICT, 1), 3).generate(divisions);

        assertThat(roster)
                .extracting(entry -> entry.hall().name())
                .containsExactly("合肥市庐江县办税服务厅", "合肥市瑶海区第一办税服务厅", "合肥市瑶海区第二办税服务厅");
        assertThat(roster).extracting(entry -> entry.hall().code()).containsExactly("34010101", "34010201", "34010202");
    }

    @Test
    void should_refuse_a_target_below_the_minimum() {
        assertThatThrownBy(() -> new HallRoster(Map.of(Division.Kind.DISTRICT, 4), 100).generate(DIVISIONS))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_keep_the_city_in_district_names_that_start_like_the_city() {
        assertThat(hall(h -> h.county().equals("黄山区")).name()).startsWith("黄山市黄山区");
    }

    private static Map<Division, Long> hallsPerDivision() {
        return ROSTER.stream().collect(Collectors.groupingBy(HallRoster.Entry::division, Collectors.counting()));
    }

    private static Hall hall(Predicate<Hall> which) {
        return ROSTER.stream()
                .map(HallRoster.Entry::hall)
                .filter(which)
                .findFirst()
                .orElseThrow();
    }
}
