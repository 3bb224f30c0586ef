package cn.yuyue.hall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.hall.HallClosures.Closure;
import cn.yuyue.hall.WorkingDayCalendar.DayKind;
import cn.yuyue.platform.web.ApiProblem;
import org.junit.jupiter.api.Test;

class CatalogueSnapshotTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    private static final LocalDate TUESDAY = MONDAY.plusDays(1);
    private static final LocalDate SATURDAY = MONDAY.plusDays(5);
    private static final Hall.Schedule USUAL = new Hall.Schedule(
            LocalTime.of(9, 0), LocalTime.of(12, 0), LocalTime.of(13, 30), LocalTime.of(17, 0), 30, 2, 3);
    private static final Hall YAOHAI =
            new Hall("34010101", "合肥市瑶海区第一办税服务厅", "340100", "合肥市", "瑶海区", "安徽省合肥市瑶海区长江东路88号", "0551-61234567", USUAL);
    private static final Hall JINGHU =
            new Hall("34020101", "芜湖市镜湖区第一办税服务厅", "340200", "芜湖市", "镜湖区", "安徽省芜湖市镜湖区中山路1号", "0553-61234567", USUAL);

    private final CatalogueSnapshot snapshot = new CatalogueSnapshot(
            List.of(JINGHU, YAOHAI),
            List.of(),
            new WorkingDayCalendar(Map.of(TUESDAY, DayKind.HOLIDAY)),
            new HallClosures(List.of(
                    new Closure("34010101", MONDAY, LocalTime.of(9, 0), "系统升级"),
                    new Closure("34020101", MONDAY, null, "停电"))));

    @Test
    void should_plan_a_working_day_with_every_slot_at_full_capacity_except_closed_ones() {
        HallDayPlan plan = snapshot.plan("34010101", MONDAY);

        assertThat(plan.open()).isTrue();
        assertThat(plan.slots())
                .hasSize(12)
                .allSatisfy(slot -> assertThat(slot.capacity()).isEqualTo(6));
        assertThat(plan.slots()).extracting(SlotPlan::start).doesNotContain(LocalTime.of(9, 0));
    }

    @Test
    void should_plan_a_closed_day_for_a_hall_closed_all_day_only() {
        assertThat(snapshot.plan("34020101", MONDAY)).isEqualTo(HallDayPlan.closed("34020101", MONDAY));
        assertThat(snapshot.plan("34010101", MONDAY).open()).isTrue();
    }

    @Test
    void should_plan_holidays_and_weekends_closed() {
        assertThat(snapshot.plan("34010101", TUESDAY).open()).isFalse();
        assertThat(snapshot.plan("34010101", SATURDAY).slots()).isEmpty();
    }

    @Test
    void should_answer_hall_not_found_for_an_unknown_hall() {
        assertThatThrownBy(() -> snapshot.plan("99999999", MONDAY))
                .isInstanceOfSatisfying(
                        ApiProblem.class, problem -> assertThat(problem.code()).isEqualTo(HallProblems.HALL_NOT_FOUND));
    }

    @Test
    void should_filter_halls_by_city_and_text_sorted_by_code() {
        assertThat(snapshot.halls(null, null)).containsExactly(YAOHAI, JINGHU);
        assertThat(snapshot.halls("340200", null)).containsExactly(JINGHU);
        assertThat(snapshot.halls(null, "瑶海")).containsExactly(YAOHAI);
        assertThat(snapshot.halls(null, "中山路")).containsExactly(JINGHU);
        assertThat(snapshot.halls(null, "3402")).containsExactly(JINGHU);
        assertThat(snapshot.halls("340100", "镜湖")).isEmpty();
    }
}
