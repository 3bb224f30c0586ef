package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class TimeoutsTest {

    @Test
    void should_default_to_the_limits_docs_operations_lists() {
        Timeouts timeouts = Timeouts.defaults();

        assertThat(timeouts.redis()).isEqualTo(Duration.ofSeconds(2));
        assertThat(timeouts.backgroundRedis()).isEqualTo(Duration.ofSeconds(5));
        assertThat(timeouts.rateLimit()).isEqualTo(Duration.ofMillis(500));
        assertThat(timeouts.postgres()).isEqualTo(Duration.ofSeconds(5));
        assertThat(timeouts.postgresWrite()).isEqualTo(Duration.ofSeconds(10));
        assertThat(timeouts.postgresBulkRead()).isEqualTo(Duration.ofSeconds(30));
        assertThat(timeouts.report()).isEqualTo(Duration.ofSeconds(10));
        assertThat(timeouts.kafkaHealth()).isEqualTo(Duration.ofSeconds(3));
        assertThat(timeouts.writerLag()).isEqualTo(Duration.ofSeconds(30));
        assertThat(timeouts.sms()).isEqualTo(Duration.ofSeconds(5));
        assertThat(timeouts.backgroundSms()).isEqualTo(Duration.ofSeconds(10));
        assertThat(timeouts.drain()).isEqualTo(Duration.ofSeconds(30));
        assertThat(timeouts.requestDrain()).isEqualTo(Duration.ofSeconds(20));
        assertThat(timeouts.catalogueStartup()).isEqualTo(Duration.ofSeconds(90));
        assertThat(timeouts.backgroundRound()).isEqualTo(Duration.ofMinutes(10));
        assertThat(timeouts.shortRound()).isEqualTo(Duration.ofMinutes(1));
        assertThat(timeouts.admissionRound()).isEqualTo(Duration.ofMinutes(2));
        assertThat(timeouts.longRound()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void should_take_an_operators_value_and_keep_the_other_defaults() {
        Timeouts timeouts = bind(Map.of("yuyue.timeouts.postgres", "8s", "yuyue.timeouts.background-round", "15m"));

        assertThat(timeouts.postgres()).isEqualTo(Duration.ofSeconds(8));
        assertThat(timeouts.backgroundRound()).isEqualTo(Duration.ofMinutes(15));
        assertThat(timeouts.redis()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void should_refuse_a_timeout_that_is_not_positive() {
        assertThatThrownBy(() -> bind(Map.of("yuyue.timeouts.rate-limit", "0ms")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("yuyue.timeouts.rate-limit must be positive, not PT0S");
    }

    private static Timeouts bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("yuyue.timeouts", Timeouts.class);
    }
}
