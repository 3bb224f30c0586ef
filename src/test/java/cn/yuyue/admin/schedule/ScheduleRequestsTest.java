package cn.yuyue.admin.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.junit.jupiter.api.Test;

class ScheduleRequestsTest {

    @Test
    void should_name_every_bad_field_of_a_schedule() {
        ScheduleController.ScheduleBody body =
                new ScheduleController.ScheduleBody("9点", "12:00", null, "17:00", 25, 0, 51);

        assertThatThrownBy(() -> ScheduleController.validated(body))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(fields(problem))
                                .containsExactly(
                                        "morningStart",
                                        "afternoonStart",
                                        "slotMinutes",
                                        "dedicatedWindows",
                                        "placesPerWindow"));
    }

    @Test
    void should_refuse_sessions_out_of_order_once_every_field_is_good() {
        ScheduleController.ScheduleBody body =
                new ScheduleController.ScheduleBody("12:00", "09:00", "13:00", "17:00", 30, 4, 6);

        assertThatThrownBy(() -> ScheduleController.validated(body))
                .isInstanceOfSatisfying(
                        ApiProblem.class, problem -> assertThat(fields(problem)).containsExactly("sessions"));
    }

    @Test
    void should_name_every_bad_field_of_a_closure_and_read_a_good_one() {
        assertThatThrownBy(() -> ScheduleController.ClosureBody.validated(null))
                .isInstanceOfSatisfying(
                        ApiProblem.class, problem -> assertThat(fields(problem)).containsExactly("reason", "date"));
        assertThatThrownBy(() -> ScheduleController.ClosureBody.validated(
                        new ScheduleController.ClosureBody("2026-12-01", "9:30", " ")))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(fields(problem)).containsExactly("reason", "slotStart"));

        assertThat(ScheduleController.ClosureBody.validated(
                        new ScheduleController.ClosureBody("2026-12-01", null, " 停电 ")))
                .isEqualTo(new ScheduleController.Closing(LocalDate.of(2026, 12, 1), null, "停电"));
        assertThat(ScheduleController.ClosureBody.validated(
                                new ScheduleController.ClosureBody("2026-12-01", "09:30", "停电"))
                        .slotStart())
                .isEqualTo(LocalTime.of(9, 30));
    }

    private static List<Object> fields(ApiProblem problem) {
        assertThat(problem.code()).isEqualTo(CommonProblems.VALIDATION_FAILED);
        return ((List<?>) problem.properties().get("errors"))
                .stream().<Object>map(error -> ((Map<?, ?>) error).get("field")).toList();
    }
}
