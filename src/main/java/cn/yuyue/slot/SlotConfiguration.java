package cn.yuyue.slot;

import java.time.Clock;
import java.time.Duration;

import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.postgres.PostgresInventoryProperties;
import cn.yuyue.slot.postgres.PostgresSlotInventory;
import cn.yuyue.slot.redis.RedisInventoryProperties;
import cn.yuyue.slot.redis.RedisPrimaryAddress;
import cn.yuyue.slot.redis.RedisSlotInventory;
import cn.yuyue.slot.redis.ReplicaAcknowledgement;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** Chooses the inventory adapter: Redis unless {@code yuyue.inventory.store=postgres}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RedisInventoryProperties.class, PostgresInventoryProperties.class})
class SlotConfiguration {

    @Bean
    @ConditionalOnProperty(name = "yuyue.inventory.store", havingValue = "redis", matchIfMissing = true)
    RedisSlotInventory redisSlotInventory(
            ReactiveStringRedisTemplate redis,
            InventorySource source,
            Clock clock,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout,
            ReplicaAcknowledgement replicas) {
        return new RedisSlotInventory(redis, source, clock, timeout, replicas);
    }

    @Bean
    @ConditionalOnProperty(name = "yuyue.inventory.store", havingValue = "redis", matchIfMissing = true)
    ReplicaAcknowledgement replicaAcknowledgement(
            RedisInventoryProperties properties,
            DataRedisConnectionDetails connection,
            ClientResources resources,
            @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        if (properties.replicasToAcknowledge() == 0) {
            return ReplicaAcknowledgement.none();
        }
        if (RedisPrimaryAddress.isCluster(connection)) {
            return ReplicaAcknowledgement.onCluster(
                    properties.replicasToAcknowledge(),
                    properties.replicaTimeout(),
                    RedisClusterClient.create(resources, RedisPrimaryAddress.clusterNodes(connection, timeout)));
        }
        return ReplicaAcknowledgement.onPrimary(
                properties.replicasToAcknowledge(),
                properties.replicaTimeout(),
                RedisClient.create(resources),
                RedisPrimaryAddress.of(connection, timeout));
    }

    /**
     * The PostgreSQL store decides claims, cancellations and slot reads; the staff's operations on
     * live bookings (check-in, no-show sweeps, reschedules, capacity re-plans) work on the Redis
     * inventory only. It starts only when told it runs as the claim baseline, so that a deployment
     * never runs with those features silently doing nothing.
     */
    @Bean
    @ConditionalOnProperty(name = "yuyue.inventory.store", havingValue = "postgres")
    PostgresSlotInventory postgresSlotInventory(
            DatabaseClient database,
            TransactionalOperator transaction,
            InventorySource source,
            JsonMapper jsonMapper,
            Clock clock,
            PostgresInventoryProperties properties,
            Timeouts timeouts) {
        if (!properties.bookingsOnly()) {
            throw new IllegalStateException(POSTGRES_STORE_LIMITS);
        }
        return new PostgresSlotInventory(database, transaction, source, jsonMapper, clock, timeouts.postgres());
    }

    static final String POSTGRES_STORE_LIMITS = "yuyue.inventory.store=postgres serves bookings, cancellations and "
            + "slot reads only: check-in, no-show sweeps, reschedules and capacity re-plans need the Redis inventory. "
            + "Use yuyue.inventory.store=redis, or set yuyue.inventory.postgres.bookings-only=true to run the "
            + "PostgreSQL store as the claim baseline without those features.";
}
