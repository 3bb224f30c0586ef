package cn.yuyue.booking.persistence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rebuilding hall-day inventories from the durable record, under {@code yuyue.inventory}.
 *
 * @param store         which inventory decides claims: {@code redis} (default) or {@code postgres}
 *                      (conditional UPDATEs; the benchmark baseline and a choice for small sites)
 * @param rebuildGrace  how long a rebuild waits at least before it reads Kafka's positions, so a
 *                      claim still in flight when Redis lost its memory is either in Kafka by then
 *                      or was given up and answered 503; the wait is stretched to the producer's
 *                      own horizon (its metadata wait plus its delivery timeout) when that is longer
 * @param drainTimeout  how long a rebuild waits for the writer to persist what Kafka holds
 */
@ConfigurationProperties("yuyue.inventory")
public record InventoryProperties(
        @DefaultValue("redis") String store,
        @DefaultValue("6s") Duration rebuildGrace,
        @DefaultValue("60s") Duration drainTimeout) {}
