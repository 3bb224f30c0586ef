package cn.yuyue.admin.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.junit.jupiter.api.Test;

class StaffBookingRequestTest {

    @Test
    void should_name_every_bad_field_of_a_staff_booking_at_once() {
        StaffBookingRequest request =
                new StaffBookingRequest("2026-13-01", null, null, "钱", List.of("A", "A"), "12345", "ONLINE");

        assertThatThrownBy(() -> request.toCommand("34010101", "not a key!", null))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(CommonProblems.VALIDATION_FAILED);
                    assertThat(((List<?>) problem.properties().get("errors"))
                                    .stream()
                                            .<Object>map(error -> ((Map<?, ?>) error).get("field"))
                                            .toList())
                            .containsExactly(
                                    "Idempotency-Key",
                                    "date",
                                    "start",
                                    "taxpayerId",
                                    "taxpayerName",
                                    "phone",
                                    "channel",
                                    "businessTypes");
                });
    }
}
