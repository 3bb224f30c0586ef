package cn.yuyue.platform;

import java.util.List;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Refuses to start when the external servers are not named.
 *
 * <p>Without this, a missing property surfaces as a connection error to localhost minutes later,
 * or worse, as a service that starts and then cannot book. It runs before any bean is created, so
 * the operator sees one clear message listing every missing property.
 */
class RequiredServicesGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    static final List<String> REQUIRED_PROPERTIES = List.of(
            "spring.r2dbc.url",
            // Two roles: the application's (rows only) and the owner Flyway migrates as. Without
            // either name the grants of V12 would go to nobody or to the owner itself.
            "spring.r2dbc.username",
            "spring.flyway.url",
            "spring.flyway.user",
            "spring.data.redis.url|spring.data.redis.host|spring.data.redis.sentinel.nodes|spring.data.redis.cluster.nodes",
            "spring.kafka.bootstrap-servers");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> missing =
                REQUIRED_PROPERTIES.stream().filter(this::isMissing).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("""
                    yuyue needs its PostgreSQL, Redis and Kafka servers named; missing: %s.
                    Set them as standard Spring properties (environment variables work too, e.g.
                    SPRING_R2DBC_URL=r2dbc:postgresql://db:5432/yuyue, SPRING_FLYWAY_URL=jdbc:postgresql://db:5432/yuyue,
                    SPRING_R2DBC_USERNAME=yuyue_app (the application's role), SPRING_FLYWAY_USER=yuyue (the owner role),
                    SPRING_DATA_REDIS_URL=redis://redis:6379, SPRING_KAFKA_BOOTSTRAP_SERVERS=kafka:9092),
                    or run the local mode with embedded servers: ./mvnw spring-boot:test-run""".formatted(String.join(", ", missing)));
        }
    }

    private boolean isMissing(String alternatives) {
        for (String name : alternatives.split("\\|")) {
            if (StringUtils.hasText(environment.getProperty(name))) {
                return false;
            }
        }
        return true;
    }
}
