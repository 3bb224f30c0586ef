package cn.yuyue.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.postgres.PostgresInventoryProperties;
import org.junit.jupiter.api.Test;

class SlotConfigurationTest {

    @Test
    void should_refuse_the_postgres_store_unless_it_runs_as_the_claim_baseline() {
        SlotConfiguration configuration = new SlotConfiguration();
        assertThatThrownBy(() -> configuration.postgresSlotInventory(
                        null,
                        null,
                        null,
                        null,
                        Clock.systemUTC(),
                        new PostgresInventoryProperties(false),
                        Timeouts.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("check-in, no-show sweeps, reschedules and capacity re-plans");
        assertThat(configuration.postgresSlotInventory(
                        null,
                        null,
                        null,
                        null,
                        Clock.systemUTC(),
                        new PostgresInventoryProperties(true),
                        Timeouts.defaults()))
                .isNotNull();
    }
}
