package cn.yuyue.slot;

import java.time.Clock;
import java.time.Duration;

import cn.yuyue.slot.redis.RedisSlotInventory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The contract against the Lua scripts in the real Redis: every return code of claim-place. */
class RedisSlotInventoryIntegrationTest extends SlotInventoryContract {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Override
    protected SlotInventory inventory(InventorySource source) {
        return new RedisSlotInventory(
                redis,
                source,
                Clock.systemUTC(),
                Duration.ofSeconds(5),
                cn.yuyue.slot.redis.ReplicaAcknowledgement.none());
    }
}
