package cn.yuyue.waitlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import cn.yuyue.platform.web.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class WaitlistProblemsTest {

    private static ApiProblem of(WaitlistRejection reason) {
        return WaitlistProblems.of(new WaitlistOutcome.Rejected(reason, "detail"), Duration.ofSeconds(2));
    }

    @Test
    void should_answer_every_refusal_with_its_own_code_and_a_client_error_or_try_later() {
        for (WaitlistRejection reason : WaitlistRejection.values()) {
            ApiProblem problem = of(reason);
            assertThat(problem.code()).isEqualTo(reason.name());
            assertThat(problem.status().is4xxClientError() || problem.status() == HttpStatus.SERVICE_UNAVAILABLE)
                    .as("status of %s", reason)
                    .isTrue();
        }
    }

    @Test
    void should_use_the_statuses_of_the_new_codes() {
        assertThat(of(WaitlistRejection.SLOT_NOT_FULL).status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(of(WaitlistRejection.WAITLIST_CAP_REACHED).status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(of(WaitlistRejection.WAITLIST_ENTRY_NOT_FOUND).status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(of(WaitlistRejection.TRY_LATER).retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void should_carry_the_details_into_the_body() {
        ApiProblem problem = WaitlistProblems.of(
                new WaitlistOutcome.Rejected(WaitlistRejection.WAITLIST_CAP_REACHED, "detail", Map.of("maxActive", 3)),
                Duration.ofSeconds(2));
        assertThat(problem.properties()).containsEntry("maxActive", 3);
    }
}
