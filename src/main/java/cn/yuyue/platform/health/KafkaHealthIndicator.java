package cn.yuyue.platform.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import cn.yuyue.platform.Timeouts;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness includes Kafka: an instance that cannot reach the broker cannot confirm a booking
 * (every 201 waits for Kafka's acknowledgement), so it should not receive traffic.
 */
@Component("kafka")
class KafkaHealthIndicator extends AbstractReactiveHealthIndicator implements DisposableBean {

    private final AdminClient admin;
    private final Duration timeout;

    KafkaHealthIndicator(KafkaConnectionDetails connection, KafkaProperties kafka, Timeouts timeouts) {
        super("Kafka health check failed");
        this.timeout = timeouts.kafkaHealth();
        // Boot's admin settings first: the security protocol, SASL login and trust store that a
        // SASL_SSL listener requires (spring.kafka.security.*, ssl.*, properties.*).
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
        config.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", connection.getAdmin().getBootstrapServers()));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "yuyue-health");
        this.admin = AdminClient.create(config);
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        return Mono.fromCompletionStage(cluster.nodes().toCompletionStage())
                .timeout(timeout.plusSeconds(1))
                .map(nodes -> builder.up().withDetail("brokers", nodes.size()).build());
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
