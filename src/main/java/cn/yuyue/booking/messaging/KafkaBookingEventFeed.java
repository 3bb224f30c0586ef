package cn.yuyue.booking.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import cn.yuyue.booking.application.BookingEventFeed;
import cn.yuyue.booking.model.BookingEvent;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;

/**
 * Reads booking events in batches for one consumer group, parks unreadable records on the
 * dead-letter topic, and answers how far a group has got (for rebuilds and the lag metric).
 */
@Component
class KafkaBookingEventFeed implements BookingEventFeed, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaBookingEventFeed.class);
    private static final Duration POLL_EVERY = Duration.ofMillis(100);

    private final KafkaProperties kafka;
    private final MessagingProperties properties;
    private final BookingEventCodec codec;
    private final KafkaBookingEvents deadLetters;
    private final AdminClient admin;

    KafkaBookingEventFeed(KafkaProperties kafka, MessagingProperties properties, BookingEventCodec codec,
                          KafkaBookingEvents deadLetters) {
        this.kafka = kafka;
        this.properties = properties;
        this.codec = codec;
        this.deadLetters = deadLetters;
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
        int timeout = (int) properties.requestTimeout().toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        this.admin = AdminClient.create(config);
    }

    @Override
    public Flux<EventBatch> batches(String group) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.batchSize());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ReceiverOptions<String, byte[]> options = ReceiverOptions.<String, byte[]>create(config)
                .subscription(List.of(properties.topic()))
                .commitBatchSize(0)
                .commitInterval(Duration.ZERO);
        return Flux.defer(() -> KafkaReceiver.create(options).receive())
                .bufferTimeout(properties.batchSize(), properties.batchWait(), true)
                .concatMap(this::toBatch);
    }

    private Mono<EventBatch> toBatch(List<ReceiverRecord<String, byte[]>> records) {
        List<BookingEvent> events = new ArrayList<>(records.size());
        List<ReceiverRecord<String, byte[]>> unreadable = new ArrayList<>();
        for (ReceiverRecord<String, byte[]> record : records) {
            if (record.headers().lastHeader(KafkaBookingEvents.BARRIER_HEADER) != null) {
                continue;
            }
            try {
                events.add(codec.decode(record.value()));
            } catch (RuntimeException e) {
                log.error("Unreadable booking event at {}-{}@{}, parked on {}: {}", record.topic(), record.partition(),
                        record.offset(), properties.deadLetterTopic(), e.toString());
                unreadable.add(record);
            }
        }
        ReceiverRecord<String, byte[]> last = records.get(records.size() - 1);
        Mono<Void> commit = Mono.defer(() -> {
            records.forEach(record -> record.receiverOffset().acknowledge());
            return last.receiverOffset().commit();
        });
        return Flux.fromIterable(unreadable)
                .concatMap(record -> deadLetters.deadLetter(record.key(), record.value(),
                        record.topic() + "-" + record.partition() + "@" + record.offset()))
                .then(Mono.just(new EventBatch(events, commit)));
    }

    /**
     * Not Kafka's end offsets: those are the high watermark, below a record a stalled follower
     * still holds uncommitted, which would then reach PostgreSQL only after this answered. A
     * barrier on every partition is committed only after all such records, so waiting for the
     * group to reach the barriers waits for them too.
     */
    @Override
    public Mono<Void> awaitConsumed(String group, Duration timeout) {
        return partitionCount()
                .flatMap(partitions -> deadLetters.barriers(properties.topic(), partitions))
                .flatMap(ends -> Flux.interval(Duration.ZERO, POLL_EVERY)
                        .onBackpressureDrop()
                        .concatMap(tick -> committed(group))
                        .filter(committed -> ends.entrySet().stream()
                                .allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue()))
                        .next())
                .timeout(timeout)
                .then();
    }

    @Override
    public Mono<Long> lag(String group) {
        return Mono.zip(endOffsets(), committed(group))
                .map(both -> both.getT1().entrySet().stream()
                        .mapToLong(end -> Math.max(0, end.getValue() - both.getT2().getOrDefault(end.getKey(), 0L)))
                        .sum());
    }

    private Mono<Integer> partitionCount() {
        return Mono.fromCompletionStage(() -> admin.describeTopics(Set.of(properties.topic()))
                        .allTopicNames().toCompletionStage())
                .map(topics -> topics.get(properties.topic()).partitions().size())
                .timeout(properties.requestTimeout().plusSeconds(1));
    }

    private Mono<Map<TopicPartition, Long>> endOffsets() {
        return Mono.fromCompletionStage(() -> admin.describeTopics(Set.of(properties.topic()))
                        .allTopicNames().toCompletionStage())
                .map(topics -> topics.get(properties.topic()).partitions().stream()
                        .map(partition -> new TopicPartition(properties.topic(), partition.partition()))
                        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                .flatMap(request -> Mono.fromCompletionStage(() -> admin.listOffsets(request).all().toCompletionStage()))
                .map(offsets -> offsets.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entryOffset(entry.getValue()))))
                .timeout(properties.requestTimeout().plusSeconds(1));
    }

    private static long entryOffset(ListOffsetsResult.ListOffsetsResultInfo info) {
        return info.offset();
    }

    private Mono<Map<TopicPartition, Long>> committed(String group) {
        return Mono.fromCompletionStage(() -> admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().toCompletionStage())
                .map(offsets -> offsets.entrySet().stream()
                        .filter(entry -> entry.getValue() != null)
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> offsetOf(entry.getValue()))))
                .timeout(properties.requestTimeout().plusSeconds(1));
    }

    private static long offsetOf(OffsetAndMetadata metadata) {
        return metadata.offset();
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
