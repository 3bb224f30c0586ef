package cn.yuyue.booking.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import cn.yuyue.booking.application.BookingEventFeed;
import cn.yuyue.booking.application.BookingEventFeed.UndecryptableEvent;
import cn.yuyue.booking.model.BookingEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * dead-letter topic, hands events it cannot decrypt to the reader as such (counted in
 * {@code yuyue.booking.events.undecryptable}, per group), and answers how far a group has got (for
 * rebuilds and the lag metric).
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
    private final MeterRegistry meters;

    KafkaBookingEventFeed(
            KafkaProperties kafka,
            MessagingProperties properties,
            BookingEventCodec codec,
            KafkaBookingEvents deadLetters,
            MeterRegistry meters) {
        this.kafka = kafka;
        this.properties = properties;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.meters = meters;
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
        Counter undecryptable = Counter.builder("yuyue.booking.events.undecryptable")
                .description(
                        "Booking events whose personal fields could not be decrypted: a key not listed, or altered")
                .tag("group", group)
                .register(meters);
        return Flux.defer(() -> KafkaReceiver.create(options).receive())
                .bufferTimeout(properties.batchSize(), properties.batchWait(), true)
                .concatMap(records -> toBatch(records, undecryptable));
    }

    private Mono<EventBatch> toBatch(List<ReceiverRecord<String, byte[]>> records, Counter undecryptableCount) {
        List<BookingEvent> events = new ArrayList<>(records.size());
        List<UndecryptableEvent> undecryptable = new ArrayList<>();
        List<ReceiverRecord<String, byte[]>> unreadable = new ArrayList<>();
        for (ReceiverRecord<String, byte[]> record : records) {
            if (record.headers().lastHeader(KafkaBookingEvents.BARRIER_HEADER) != null) {
                continue;
            }
            try {
                BookingEventCodec.Decoded decoded = codec.decode(record.value());
                if (decoded instanceof BookingEventCodec.Decoded.Readable readable) {
                    events.add(readable.event());
                } else if (decoded instanceof BookingEventCodec.Decoded.Undecryptable sealed) {
                    undecryptable.add(undecryptable(record, sealed));
                    undecryptableCount.increment();
                }
            } catch (RuntimeException e) {
                log.error(
                        "Unreadable booking event at {}-{}@{}, parked on {}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        properties.deadLetterTopic(),
                        e.toString());
                unreadable.add(record);
            }
        }
        ReceiverRecord<String, byte[]> last = records.get(records.size() - 1);
        Mono<Void> commit = Mono.defer(() -> {
            records.forEach(record -> record.receiverOffset().acknowledge());
            return last.receiverOffset().commit();
        });
        return Flux.fromIterable(unreadable)
                .concatMap(record -> deadLetters.deadLetter(
                        record.key(),
                        record.value(),
                        record.topic() + "-" + record.partition() + "@" + record.offset()))
                .then(Mono.just(new EventBatch(events, undecryptable, commit)));
    }

    /**
     * Logged with what travels in clear only: the record holds nothing else this instance can read.
     * An envelope without the ids a quarantine row needs is not a booking event (dead letters).
     */
    private static UndecryptableEvent undecryptable(
            ReceiverRecord<String, byte[]> record, BookingEventCodec.Decoded.Undecryptable sealed) {
        BookingEventCodec.Envelope envelope = sealed.envelope();
        if (envelope.eventId() == null
                || envelope.type() == null
                || envelope.bookingId() == null
                || envelope.hallCode() == null) {
            throw new IllegalArgumentException("Booking event without its ids");
        }
        String position = record.topic() + "-" + record.partition() + "@" + record.offset();
        UndecryptableEvent event = new UndecryptableEvent(
                envelope.eventId(),
                envelope.type(),
                envelope.bookingId(),
                envelope.hallCode(),
                LocalDate.parse(envelope.date()),
                position,
                new String(record.value(), StandardCharsets.UTF_8),
                sealed.reason());
        log.error(
                "Booking event {} ({} of {}) at {} cannot be decrypted, set aside: {}",
                event.eventId(),
                event.type(),
                event.bookingId(),
                position,
                event.reason());
        return event;
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
                        .mapToLong(end ->
                                Math.max(0, end.getValue() - both.getT2().getOrDefault(end.getKey(), 0L)))
                        .sum());
    }

    private Mono<Integer> partitionCount() {
        return Mono.fromCompletionStage(() -> admin.describeTopics(Set.of(properties.topic()))
                        .allTopicNames()
                        .toCompletionStage())
                .map(topics -> topics.get(properties.topic()).partitions().size())
                .timeout(properties.requestTimeout().plusSeconds(1));
    }

    private Mono<Map<TopicPartition, Long>> endOffsets() {
        return Mono.fromCompletionStage(() -> admin.describeTopics(Set.of(properties.topic()))
                        .allTopicNames()
                        .toCompletionStage())
                .map(topics -> topics.get(properties.topic()).partitions().stream()
                        .map(partition -> new TopicPartition(properties.topic(), partition.partition()))
                        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                .flatMap(request -> Mono.fromCompletionStage(
                        () -> admin.listOffsets(request).all().toCompletionStage()))
                .map(offsets -> offsets.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entryOffset(entry.getValue()))))
                .timeout(properties.requestTimeout().plusSeconds(1));
    }

    private static long entryOffset(ListOffsetsResult.ListOffsetsResultInfo info) {
        return info.offset();
    }

    private Mono<Map<TopicPartition, Long>> committed(String group) {
        return Mono.fromCompletionStage(() -> admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .toCompletionStage())
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
