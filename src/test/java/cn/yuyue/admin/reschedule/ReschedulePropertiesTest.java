package cn.yuyue.admin.reschedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ReschedulePropertiesTest {

    private static RescheduleProperties bound(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("yuyue.reschedule", RescheduleProperties.class);
    }

    @Test
    void should_hold_a_proposal_for_an_answer_30_seconds_unless_configured() {
        assertThat(bound(Map.of()).answerLease()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void should_take_the_answer_lease_from_configuration() {
        assertThat(bound(Map.of("yuyue.reschedule.answer-lease", "10s")).answerLease())
                .isEqualTo(Duration.ofSeconds(10));
    }
}
