package cn.yuyue.slot.redis;

import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.local.EmbeddedServices;
import cn.yuyue.platform.local.RedisCluster;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Runs only in the build's Redis Cluster pass (see the pom), beside the booking, queue and
 * verification tests that pass there: it shows they ran on a cluster whose masters each hold a
 * share of the hall-days, so a script whose keys crossed slots would have failed among them.
 */
class RedisClusterSpreadIntegrationTest extends IntegrationTestSupport {

    @Autowired
    ReactiveRedisConnectionFactory connections;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    SlotInventory inventory;

    @Test
    void should_run_on_a_three_master_cluster_with_hall_days_spread_over_every_master() {
        RedisCluster cluster = EmbeddedServices.shared().redisCluster();
        assertThat(cluster)
                .as("started with -D" + EmbeddedServices.REDIS_CLUSTER_PROPERTY + "=true")
                .isNotNull();
        assertThat(((LettuceConnectionFactory) connections).isClusterAware()).isTrue();

        List<String> halls = catalogue.halls(null, null).stream()
                .limit(30)
                .map(hall -> hall.code())
                .toList();
        for (String hall : halls) {
            HallDay hallDay = new HallDay(hall, nextOpenDay(catalogue, hall));
            inventory.build(hallDay).block(Duration.ofSeconds(30));
        }

        assertThat(cluster.keysPerMaster())
                .hasSize(3)
                .allSatisfy(keys -> assertThat(keys).isPositive());
    }
}
