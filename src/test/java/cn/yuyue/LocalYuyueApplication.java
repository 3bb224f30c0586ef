package cn.yuyue;

import java.util.HashMap;
import java.util.Map;

import cn.yuyue.platform.local.EmbeddedServices;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The local run mode, {@code ./mvnw spring-boot:test-run}: real PostgreSQL, Redis and Kafka
 * started from Maven artifacts, then the production application pointed at them through the
 * standard properties, with the {@code local} profile (dev SMS outbox, queue simulator, dev queue
 * credentials). Those helpers are on this test classpath, where component scanning finds them; the
 * production jar does not contain them.
 * Ctrl-C stops the application first and then the servers.
 */
public final class LocalYuyueApplication {

    private LocalYuyueApplication() {}

    public static void main(String[] args) {
        EmbeddedServices services = EmbeddedServices.shared();
        Map<String, Object> properties = new HashMap<>(services.springProperties());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(YuyueApplication.class)
                .profiles("local")
                .properties(properties)
                // One shutdown path: the servers' hook closes the application first, so it does
                // not lose Kafka and Redis mid-shutdown.
                .registerShutdownHook(false)
                .run(args);
        services.beforeStop(context::close);
    }
}
