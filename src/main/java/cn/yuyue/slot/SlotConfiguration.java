package cn.yuyue.slot;

import java.time.Clock;
import java.time.Duration;

import cn.yuyue.slot.postgres.PostgresSlotInventory;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** Chooses the inventory adapter: Redis unless {@code yuyue.inventory.store=postgres}. */
@Configuration(proxyBeanMethods = false)
class SlotConfiguration {

    private static final Duration POSTGRES_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    @ConditionalOnProperty(name = "yuyue.inventory.store", havingValue = "redis", matchIfMissing = true)
    RedisSlotInventory redisSlotInventory(ReactiveStringRedisTemplate redis, InventorySource source, Clock clock,
                                          @Value("${spring.data.redis.timeout:2s}") Duration timeout) {
        return new RedisSlotInventory(redis, source, clock, timeout);
    }

    @Bean
    @ConditionalOnProperty(name = "yuyue.inventory.store", havingValue = "postgres")
    PostgresSlotInventory postgresSlotInventory(DatabaseClient database, TransactionalOperator transaction,
                                                InventorySource source, JsonMapper jsonMapper, Clock clock) {
        return new PostgresSlotInventory(database, transaction, source, jsonMapper, clock, POSTGRES_TIMEOUT);
    }
}
