package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.junit.jupiter.api.Test;

class PullingCheckInsTest {

    @Test
    void should_start_at_the_first_check_in_with_the_default_page_size_when_nothing_is_asked() {
        assertThat(PullingCheckIns.Page.of(null, null))
                .isEqualTo(new PullingCheckIns.Page(0, PullingCheckIns.DEFAULT_LIMIT));
        assertThat(PullingCheckIns.Page.of("42", "500")).isEqualTo(new PullingCheckIns.Page(42, 500));
    }

    @Test
    void should_name_every_bad_parameter_in_one_problem() {
        assertThatThrownBy(() -> PullingCheckIns.Page.of("abc", "501"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(CommonProblems.VALIDATION_FAILED);
                    List<Object> fields = ((List<?>) problem.properties().get("errors"))
                            .stream()
                                    .<Object>map(error -> ((Map<?, ?>) error).get("field"))
                                    .toList();
                    assertThat(fields).containsExactly("after", "limit");
                });
    }

    @Test
    void should_refuse_a_cursor_beyond_any_position_and_a_page_of_nothing() {
        for (String[] bad : new String[][] {{"9007199254740992", null}, {"-1", null}, {null, "0"}, {null, "07"}}) {
            assertThatThrownBy(() -> PullingCheckIns.Page.of(bad[0], bad[1])).isInstanceOf(ApiProblem.class);
        }
    }
}
