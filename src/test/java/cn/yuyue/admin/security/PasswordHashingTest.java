package cn.yuyue.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import cn.yuyue.platform.web.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

class PasswordHashingTest {

    /** One thread, one waiting place; a cost high enough that both stay busy while the third call comes. */
    private static StaffProperties oneThreadOneWaiting() {
        return new StaffProperties(
                14,
                Duration.ofHours(8),
                null,
                List.of(),
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                5,
                Duration.ofMinutes(15),
                Duration.ofMinutes(15),
                1,
                1,
                null);
    }

    @Test
    void should_refuse_at_once_with_try_later_when_the_pool_and_its_queue_are_full() {
        PasswordHashing hashing = new PasswordHashing(oneThreadOneWaiting(), new SecureRandom());
        try {
            Disposable running = hashing.matches("first-password", null).subscribe();
            Disposable waiting = hashing.matches("second-password", null).subscribe();
            assertThat(hashing.hasRoom()).isFalse();

            StepVerifier.create(hashing.matches("third-password", null))
                    .expectErrorSatisfies(error -> {
                        assertThat(error).isInstanceOf(ApiProblem.class);
                        ApiProblem problem = (ApiProblem) error;
                        assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                        assertThat(problem.code()).isEqualTo("TRY_LATER");
                        assertThat(problem.retryAfter()).isPresent();
                    })
                    .verify(Duration.ofSeconds(5));
            running.dispose();
            waiting.dispose();
        } finally {
            hashing.destroy();
        }
    }

    @Test
    void should_take_new_work_again_once_the_pool_is_free() {
        PasswordHashing hashing = new PasswordHashing(oneThreadOneWaiting(), new SecureRandom());
        try {
            StepVerifier.create(hashing.matches("some-password", null))
                    .expectNext(false)
                    .verifyComplete();
            assertThat(hashing.hasRoom()).isTrue();
        } finally {
            hashing.destroy();
        }
    }
}
