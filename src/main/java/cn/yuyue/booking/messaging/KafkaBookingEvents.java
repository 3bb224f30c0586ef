package cn.yuyue.booking.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.model.BookingEvent;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;

/**
 * Booking events into Kafka with {@code acks=all} and an idempotent producer: a publish completes
 * only when every in-sync replica has the event, and retries inside the producer never write it
 * twice. Reactor Kafka (discontinued upstream) stays inside this package.
 */
@Component
class KafkaBookingEvents implements BookingEvents, DisposableBean {

    /** Marks the records that are barriers for readers, not booking events. */
    static final String BARRIER_HEADER = "yuyue-barrier";

    private final KafkaSender<String, byte[]> sender;
    private final BookingEventCodec codec;
    private final MessagingProperties properties;
    private final Duration appendHorizon;

    KafkaBookingEvents(
            KafkaProperties kafka,
            MessagingProperties properties,
            BookingEventCodec codec,
            cn.yuyue.booking.application.BookingProperties booking) {
        this.codec = codec;
        this.properties = properties;
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, properties.lingerMs());
        int requestTimeout = (int) properties.requestTimeout().toMillis();
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        // The producer gives up on its own no later than the claim does, so an event the client was
        // told "try later" about is not written minutes afterwards by a retry.
        int deliveryTimeout = (int) Math.max(booking.eventTimeout().toMillis(), requestTimeout + properties.lingerMs());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, requestTimeout);
        // A send may first block for metadata (max.block.ms), and only then does its delivery
        // timeout start: a record can land that long after publish() began.
        this.appendHorizon = Duration.ofMillis((long) requestTimeout + deliveryTimeout);
        // Acknowledgements are published on one thread per core, not on Reactor Kafka's default
        // single thread: what follows an acknowledgement (settling the hold, the answer's JSON) is
        // the rest of each booking, and one thread for all of them is one core at a peak. The
        // sender disposes its scheduler on close, so it gets its own rather than a shared one.
        this.sender = KafkaSender.create(SenderOptions.<String, byte[]>create(config)
                .maxInFlight(4096)
                .scheduler(Schedulers.newParallel(
                        "booking-acks", Runtime.getRuntime().availableProcessors(), true))
                .stopOnError(false));
    }

    @Override
    public Duration appendHorizon() {
        return appendHorizon;
    }

    @Override
    public Mono<Void> publish(BookingEvent event) {
        return send(properties.topic(), event.hallCode(), codec.encode(event), event.eventId());
    }

    /**
     * Appends a barrier record to each of the topic's {@code partitions} and answers, per partition,
     * the barrier's offset. The barrier is acknowledged only once every in-sync replica has it, and
     * Kafka commits a partition in order: by then every record appended before it, even one a
     * stalled follower held back, is committed too. A reader whose committed position has reached
     * that offset has consumed all of them (the barrier itself need not be consumed).
     */
    Mono<Map<TopicPartition, Long>> barriers(String topic, int partitions) {
        Flux<SenderRecord<String, byte[], Integer>> records = Flux.range(0, partitions)
                .map(partition -> SenderRecord.create(
                        new ProducerRecord<String, byte[]>(
                                topic,
                                partition,
                                null,
                                new byte[0],
                                List.<Header>of(new RecordHeader(BARRIER_HEADER, new byte[] {1}))),
                        partition));
        return sender.send(records)
                .<Map.Entry<TopicPartition, Long>>handle((result, sink) -> {
                    if (result.exception() != null) {
                        sink.error(result.exception());
                        return;
                    }
                    sink.next(Map.entry(
                            new TopicPartition(topic, result.recordMetadata().partition()),
                            result.recordMetadata().offset()));
                })
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Parks a record nobody can read, with its original key, for an operator to inspect. */
    Mono<Void> deadLetter(String key, byte[] value, String reference) {
        return send(properties.deadLetterTopic(), key, value, reference);
    }

    private Mono<Void> send(String topic, String key, byte[] value, String reference) {
        SenderRecord<String, byte[], String> record =
                SenderRecord.create(new ProducerRecord<>(topic, key, value), reference);
        return sender.send(Mono.just(record))
                .next()
                .flatMap(result -> result.exception() == null ? Mono.<Void>empty() : Mono.error(result.exception()));
    }

    @Override
    public void destroy() {
        sender.close();
    }
}
