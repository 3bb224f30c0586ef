package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StatePushTest {

    private static final Instant NOW = Instant.parse("2026-12-01T01:30:00Z");

    @Test
    void should_refuse_a_push_with_one_problem_naming_every_bad_field() {
        StatePush push = new StatePush(
                null,
                OffsetDateTime.parse("2026-12-01T09:30:00+08:00"),
                List.of(new StatePush.GroupPush("综合业务", 10_001, 2, null), new StatePush.GroupPush("", 1, 501, null)));

        assertThatThrownBy(() -> push.accept("34010101", NOW, QueueTestData.defaults()))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(CommonProblems.VALIDATION_FAILED);
                    assertThat(fields(problem))
                            .containsExactly("sequence", "groups[0].waiting", "groups[1].group", "groups[1].serving");
                });
    }

    @Test
    void should_name_the_body_when_it_is_missing_or_not_a_json_object() {
        JsonMapper json = JsonMapper.builder().build();

        for (String body : List.of("", "null", "{\"sequence\":", "[1, 2]")) {
            assertThatThrownBy(() -> StatePush.read(body.getBytes(StandardCharsets.UTF_8), json))
                    .as(body)
                    .isInstanceOfSatisfying(
                            ApiProblem.class,
                            problem -> assertThat(fields(problem)).containsExactly("body"));
        }
    }

    @Test
    void should_read_a_well_formed_body() {
        String body = "{\"sequence\":7,\"observedAt\":\"2026-12-01T09:29:00+08:00\","
                + "\"groups\":[{\"group\":\"综合业务\",\"waiting\":4,\"serving\":2}]}";

        StatePush push = StatePush.read(
                body.getBytes(StandardCharsets.UTF_8), JsonMapper.builder().build());
        PushedState state = push.accept("34010101", NOW, QueueTestData.defaults());

        assertThat(state.sequence()).isEqualTo(7);
        assertThat(state.groups()).extracting(PushedState.Group::group).containsExactly("综合业务");
    }

    private static List<Object> fields(ApiProblem problem) {
        return ((List<?>) problem.properties().get("errors"))
                .stream()
                        .map(error -> ((Map<?, ?>) error).get("field"))
                        .map(Object.class::cast)
                        .toList();
    }
}
