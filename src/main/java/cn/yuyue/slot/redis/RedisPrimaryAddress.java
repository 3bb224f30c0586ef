package cn.yuyue.slot.redis;

import java.time.Duration;

import io.lettuce.core.RedisURI;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/** Where the Redis primary is, in Lettuce's terms, from the same settings Spring Boot connects with. */
public final class RedisPrimaryAddress {

    private RedisPrimaryAddress() {
    }

    /**
     * A standalone address or a Sentinel master. Redis Cluster is refused: there {@code WAIT} must go
     * to the node that owns each hall-day's slot, which a single connection cannot do.
     */
    public static RedisURI of(DataRedisConnectionDetails connection, Duration timeout) {
        if (connection.getCluster() != null) {
            throw new IllegalStateException("yuyue.inventory.redis.replicas-to-acknowledge needs a standalone or "
                    + "Sentinel Redis; on Redis Cluster set it to 0");
        }
        RedisURI.Builder builder;
        DataRedisConnectionDetails.Sentinel sentinel = connection.getSentinel();
        if (sentinel != null) {
            builder = RedisURI.builder().withSentinelMasterId(sentinel.getMaster()).withDatabase(sentinel.getDatabase());
            for (DataRedisConnectionDetails.Node node : sentinel.getNodes()) {
                builder = sentinel.getPassword() == null ? builder.withSentinel(node.host(), node.port())
                        : builder.withSentinel(node.host(), node.port(), sentinel.getPassword());
            }
        } else {
            DataRedisConnectionDetails.Standalone standalone = connection.getStandalone();
            builder = RedisURI.builder().withHost(standalone.getHost()).withPort(standalone.getPort())
                    .withDatabase(standalone.getDatabase());
        }
        if (connection.getPassword() != null) {
            builder = connection.getUsername() == null ? builder.withPassword(connection.getPassword().toCharArray())
                    : builder.withAuthentication(connection.getUsername(), connection.getPassword());
        }
        return builder.withSsl(connection.getSslBundle() != null).withTimeout(timeout).build();
    }
}
