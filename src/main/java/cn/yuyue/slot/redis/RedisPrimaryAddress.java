package cn.yuyue.slot.redis;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.RedisURI;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/**
 * Where the Redis primary is (or, on Redis Cluster, where the nodes are), in Lettuce's terms, from
 * the same settings Spring Boot connects with.
 */
public final class RedisPrimaryAddress {

    private RedisPrimaryAddress() {}

    /** True when the settings name a Redis Cluster rather than one primary. */
    public static boolean isCluster(DataRedisConnectionDetails connection) {
        return connection.getCluster() != null;
    }

    /** The cluster's seed nodes; Lettuce discovers the rest and which primary owns which slot. */
    public static List<RedisURI> clusterNodes(DataRedisConnectionDetails connection, Duration timeout) {
        return connection.getCluster().getNodes().stream()
                .map(node -> withCredentials(
                                RedisURI.builder().withHost(node.host()).withPort(node.port()), connection)
                        .withSsl(connection.getSslBundle() != null)
                        .withTimeout(timeout)
                        .build())
                .toList();
    }

    /** A standalone address or a Sentinel master. */
    public static RedisURI of(DataRedisConnectionDetails connection, Duration timeout) {
        RedisURI.Builder builder;
        DataRedisConnectionDetails.Sentinel sentinel = connection.getSentinel();
        if (sentinel != null) {
            builder = RedisURI.builder()
                    .withSentinelMasterId(sentinel.getMaster())
                    .withDatabase(sentinel.getDatabase());
            for (DataRedisConnectionDetails.Node node : sentinel.getNodes()) {
                builder = sentinel.getPassword() == null
                        ? builder.withSentinel(node.host(), node.port())
                        : builder.withSentinel(node.host(), node.port(), sentinel.getPassword());
            }
        } else {
            DataRedisConnectionDetails.Standalone standalone = connection.getStandalone();
            builder = RedisURI.builder()
                    .withHost(standalone.getHost())
                    .withPort(standalone.getPort())
                    .withDatabase(standalone.getDatabase());
        }
        return withCredentials(builder, connection)
                .withSsl(connection.getSslBundle() != null)
                .withTimeout(timeout)
                .build();
    }

    private static RedisURI.Builder withCredentials(RedisURI.Builder builder, DataRedisConnectionDetails connection) {
        if (connection.getPassword() == null) {
            return builder;
        }
        return connection.getUsername() == null
                ? builder.withPassword(connection.getPassword().toCharArray())
                : builder.withAuthentication(connection.getUsername(), connection.getPassword());
    }
}
