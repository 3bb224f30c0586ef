package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class FailedSignaturesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void should_refuse_a_client_after_its_failures_until_the_minute_is_over() {
        FailedSignatures failures = new FailedSignatures(3);
        for (int i = 0; i < 3; i++) {
            assertThat(failures.refuses("a", NOW)).isFalse();
            failures.failed("a", NOW.plusSeconds(i));
        }
        assertThat(failures.refuses("a", NOW.plusSeconds(10))).isTrue();
        assertThat(failures.retryAfter("a", NOW.plusSeconds(10))).isEqualTo(Duration.ofSeconds(50));
        assertThat(failures.refuses("b", NOW.plusSeconds(10)))
                .as("another client")
                .isFalse();
        assertThat(failures.refuses("a", NOW.plusSeconds(60)))
                .as("a new minute")
                .isFalse();
    }

    @Test
    void should_start_counting_afresh_in_a_new_minute() {
        FailedSignatures failures = new FailedSignatures(2);
        failures.failed("a", NOW);
        failures.failed("a", NOW.plusSeconds(61));
        assertThat(failures.refuses("a", NOW.plusSeconds(62))).isFalse();
        failures.failed("a", NOW.plusSeconds(62));
        assertThat(failures.refuses("a", NOW.plusSeconds(63))).isTrue();
    }
}
