package cn.yuyue.booking.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka topics and batching of booking events, under {@code yuyue.kafka}.
 *
 * @param topic             the booking events, keyed by hall code so each hall's events stay in order
 * @param deadLetterTopic   where records that cannot be read are parked for an operator
 * @param partitions        number of partitions of both topics (created at start-up when missing)
 * @param replicas          replication factor, copies of each partition (3 in production, 1 for the
 *                          embedded broker)
 * @param batchSize         most events a reader handles in one batch (one PostgreSQL transaction)
 * @param batchWait         longest a batch waits to fill before it is handled anyway
 * @param lingerMs          producer linger in milliseconds: a little waiting lets concurrent claims
 *                          share a request
 * @param requestTimeout    how long the producer and admin calls wait for the broker
 */
@ConfigurationProperties("yuyue.kafka")
public record MessagingProperties(
        @DefaultValue("yuyue.booking-events") String topic,
        @DefaultValue("yuyue.booking-events.dlt") String deadLetterTopic,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicas,
        @DefaultValue("500") int batchSize,
        @DefaultValue("50ms") Duration batchWait,
        @DefaultValue("2") int lingerMs,
        @DefaultValue("3s") Duration requestTimeout) {}
