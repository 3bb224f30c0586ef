package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yuyue.IntegrationTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every periodic background flow of the application runs on {@link PeriodicFlow}, each under its own name. */
class PeriodicFlowsIntegrationTest extends IntegrationTestSupport {

    @Autowired
    MeterRegistry meters;

    @Test
    void should_count_the_failed_rounds_of_every_periodic_flow_under_its_own_name() {
        assertThat(meters.find(PeriodicFlow.FAILED_ROUNDS).counters())
                .map(counter -> counter.getId().getTag("flow"))
                .contains(
                        "abandoned-claims-sweep",
                        "booker-lock-restore",
                        "booking-persistence-lag",
                        "catalogue-watch",
                        "inventory-preparation",
                        "no-show-sweep",
                        "phone-count-restoration",
                        "queue-staleness-sweep",
                        "release-admissions",
                        "release-calendar-refresh",
                        "replanning-built-days",
                        "reschedule-expiry",
                        "waitlist-days-refresh",
                        "waitlist-expiry-sweep",
                        "waitlist-serving")
                .doesNotHaveDuplicates();
    }
}
