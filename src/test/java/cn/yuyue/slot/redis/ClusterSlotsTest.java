package cn.yuyue.slot.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import cn.yuyue.slot.HallDay;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

/**
 * Redis Cluster readiness: every key one inventory script touches hashes to the same cluster slot,
 * so each script stays one atomic operation on one node.
 */
class ClusterSlotsTest {

    @Test
    void should_hash_every_key_of_each_inventory_script_to_one_slot() {
        for (HallDay hallDay : List.of(
                new HallDay("34010101", LocalDate.of(2026, 12, 1)),
                new HallDay("34170203", LocalDate.of(2027, 2, 28)))) {
            InventoryKeys keys = new InventoryKeys(hallDay);
            for (List<String> scriptKeys : List.of(
                    keys.forClaim(),
                    keys.forSettle(),
                    keys.forCancel(),
                    keys.forBuild(),
                    keys.forSettleHold(),
                    keys.forAdjust())) {
                assertThat(scriptKeys.stream().map(SlotHash::getSlot).distinct())
                        .as("cluster slots of %s", scriptKeys)
                        .hasSize(1);
            }
        }
    }

    @Test
    void should_spread_hall_days_over_the_cluster() {
        long slots = java.util.stream.IntStream.range(1, 100)
                .mapToObj(day -> new InventoryKeys(
                                new HallDay("34010101", LocalDate.of(2026, 1, 1).plusDays(day)))
                        .meta())
                .map(SlotHash::getSlot)
                .distinct()
                .count();
        assertThat(slots).isGreaterThan(90);
    }
}
