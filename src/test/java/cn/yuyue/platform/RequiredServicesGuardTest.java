package cn.yuyue.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

class RequiredServicesGuardTest {

    private static final Map<String, String> OTHER_SERVERS = Map.of(
            "spring.r2dbc.url", "r2dbc:postgresql://db:5432/yuyue",
            "spring.r2dbc.username", "yuyue_app",
            "spring.flyway.url", "jdbc:postgresql://db:5432/yuyue",
            "spring.flyway.user", "yuyue",
            "spring.kafka.bootstrap-servers", "kafka:9092");

    private static void start(Map<String, String> redis) {
        start(OTHER_SERVERS, redis);
    }

    private static void start(Map<String, String> servers, Map<String, String> redis) {
        MockEnvironment environment = new MockEnvironment();
        servers.forEach(environment::setProperty);
        redis.forEach(environment::setProperty);
        RequiredServicesGuard guard = new RequiredServicesGuard();
        guard.setEnvironment(environment);
        guard.postProcessBeanFactory(new DefaultListableBeanFactory());
    }

    @Test
    void should_start_with_redis_named_by_host_url_sentinel_or_cluster() {
        assertThatCode(() -> start(Map.of("spring.data.redis.host", "redis"))).doesNotThrowAnyException();
        assertThatCode(() -> start(Map.of("spring.data.redis.url", "redis://redis:6379")))
                .doesNotThrowAnyException();
        // The production overlay names Redis only through its Sentinels.
        assertThatCode(() -> start(Map.of(
                        "spring.data.redis.sentinel.master",
                        "myMaster",
                        "spring.data.redis.sentinel.nodes",
                        "yuyue-redis-sentinel:26379")))
                .doesNotThrowAnyException();
        assertThatCode(() -> start(Map.of("spring.data.redis.cluster.nodes", "redis-0:6379,redis-1:6379")))
                .doesNotThrowAnyException();
    }

    @Test
    void should_refuse_to_start_and_name_redis_when_nothing_points_at_it() {
        assertThatThrownBy(() -> start(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.data.redis.url|spring.data.redis.host");
    }

    @Test
    void should_refuse_to_start_without_the_application_role_and_the_owner_role_named() {
        Map<String, String> rolesUnnamed = new HashMap<>(OTHER_SERVERS);
        rolesUnnamed.remove("spring.r2dbc.username");
        rolesUnnamed.remove("spring.flyway.user");
        assertThatThrownBy(() -> start(rolesUnnamed, Map.of("spring.data.redis.host", "redis")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing: spring.r2dbc.username, spring.flyway.user");
    }
}
