package cn.yuyue.booking.messaging;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.booking.application.BookingEventFeed;
import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.Channel;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The taxpayer's id and name and the booking phone cross Kafka encrypted: a plain consumer of the
 * topic finds none of them, while PostgreSQL gets them and the SMS goes out. Events that cannot be
 * decrypted are quarantined and counted without holding up the events behind them; events written
 * before encryption are still read.
 */
class EncryptedBookingEventsIntegrationTest extends IntegrationTestSupport {

    private static final String TOPIC = "yuyue.booking-events";
    private static final String NAME = "欧阳明远";

    @Autowired
    private HallCatalogue catalogue;

    @Autowired
    private DatabaseClient database;

    @Autowired
    private BookingEvents events;

    @Autowired
    private BookingEventCodec codec;

    @Autowired
    private JsonMapper jsonMapper;

    @Autowired
    private MeterRegistry meters;

    @Value("${spring.kafka.bootstrap-servers}")
    private String kafka;

    @Test
    void should_keep_the_personal_fields_out_of_the_topic_yet_write_them_to_postgres_and_text_the_phone() {
        Hall hall = hall(120);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String start = catalogue.plan(hall.code(), day).slots().get(0).start().toString();
        String phone = freshPhone();
        String taxpayerId = freshTaxpayerId();
        String token = verifiedToken(web, phone);
        Map<TopicPartition, Long> ends = endOffsets();

        Map<?, ?> booking = web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "hallCode",
                        hall.code(),
                        "date",
                        day.toString(),
                        "start",
                        start,
                        "taxpayerId",
                        taxpayerId,
                        "taxpayerName",
                        NAME,
                        "businessTypes",
                        List.of("TAX_FILING")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String id = String.valueOf(booking.get("id"));

        String record = confirmationOf(id, ends);
        assertThat(record)
                .doesNotContain(
                        phone, taxpayerId, NAME, escaped(NAME), escaped(NAME).toLowerCase())
                .contains("\"personalData\":\"AES-256-GCM\"");
        await().atMost(patience()).until(() -> personalFieldsInPostgres(id).isPresent());
        assertThat(personalFieldsInPostgres(id)).contains(List.of(taxpayerId, NAME, phone));
        String appointmentNo = String.valueOf(booking.get("appointmentNo"));
        await().atMost(patience())
                .until(() -> smsTexts(phone).stream()
                        .anyMatch(text -> text.contains("预约成功") && text.contains(appointmentNo)));
    }

    @Test
    void should_quarantine_events_it_cannot_decrypt_count_them_and_write_the_events_behind_them() {
        Hall hall = hall(121);
        LocalDate day = LocalDate.now().plusDays(30);
        Booking unknownKey = booking(hall.code(), day, 901);
        Booking swapped = booking(hall.code(), day, 902);
        Booking behind = booking(hall.code(), day, 903);
        double quarantinedBefore = quarantined();
        double writerBefore = undecryptable(BookingEventFeed.PERSISTENCE_GROUP);
        double smsBefore = undecryptable("yuyue-booking-sms");

        ObjectNode withUnknownKey = encrypted(unknownKey);
        ObjectNode fields = (ObjectNode) withUnknownKey.get("booking");
        String phone = fields.get("phone").asString();
        fields.put("phone", "gone9" + phone.substring(phone.indexOf(':')));
        ObjectNode withSwappedFields = encrypted(swapped);
        ObjectNode swappedFields = (ObjectNode) withSwappedFields.get("booking");
        String swappedPhone = swappedFields.get("phone").asString();
        swappedFields.put("phone", swappedFields.get("taxpayerId").asString());
        swappedFields.put("taxpayerId", swappedPhone);
        publishRaw(
                hall.code(),
                jsonMapper.writeValueAsBytes(withUnknownKey),
                jsonMapper.writeValueAsBytes(withSwappedFields));
        events.publish(new BookingEvent.BookingConfirmed("enc-" + behind.id(), Instant.now(), behind))
                .block(patience());

        await().atMost(patience()).until(() -> ids(hall.code(), day).contains(behind.id()));
        assertThat(ids(hall.code(), day)).containsExactly(behind.id());
        assertThat(quarantinedReason("enc-" + unknownKey.id()))
                .contains("phone", "key id gone9")
                .doesNotContain(unknownKey.phone());
        assertThat(quarantinedReason("enc-" + swapped.id())).contains("failed authentication");
        assertThat(quarantinedRecord("enc-" + unknownKey.id()))
                .doesNotContain(unknownKey.phone(), unknownKey.taxpayerId(), unknownKey.taxpayerName());
        assertThat(quarantined()).isEqualTo(quarantinedBefore + 2);
        assertThat(undecryptable(BookingEventFeed.PERSISTENCE_GROUP)).isEqualTo(writerBefore + 2);
        await().atMost(patience()).until(() -> undecryptable("yuyue-booking-sms") >= smsBefore + 2);
    }

    @Test
    void should_read_an_event_written_before_its_personal_fields_were_encrypted() {
        Hall hall = hall(122);
        LocalDate day = LocalDate.now().plusDays(30);
        Booking plain = booking(hall.code(), day, 901);
        String eventId = "enc-" + plain.id();
        byte[] legacy = jsonMapper.writeValueAsBytes(new BookingEventCodec.Envelope(
                "BookingConfirmed",
                eventId,
                Instant.now().toEpochMilli(),
                plain.id(),
                plain.hallCode(),
                day.toString(),
                null,
                BookingJson.Flat.of(plain),
                null,
                null));

        publishRaw(hall.code(), legacy);

        await().atMost(patience())
                .until(() -> personalFieldsInPostgres(plain.id()).isPresent());
        assertThat(personalFieldsInPostgres(plain.id()))
                .contains(List.of(plain.taxpayerId(), plain.taxpayerName(), plain.phone()));
    }

    private Hall hall(int index) {
        return catalogue.halls(null, null).get(index);
    }

    private ObjectNode encrypted(Booking booking) {
        byte[] bytes = codec.encode(new BookingEvent.BookingConfirmed("enc-" + booking.id(), Instant.now(), booking));
        return (ObjectNode) jsonMapper.readTree(bytes);
    }

    private static Booking booking(String hallCode, LocalDate day, long seq) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = hallCode + "-" + day.toString().replace("-", "") + "-"
                + newKey().substring(0, 8).toUpperCase();
        return new Booking(
                id,
                seq,
                hallCode,
                day,
                LocalTime.of(9, 0),
                LocalTime.of(9, 30),
                BookingStatus.BOOKED,
                freshTaxpayerId(),
                NAME,
                freshPhone(),
                List.of("TAX_FILING"),
                Channel.ONLINE,
                newKey(),
                "fingerprint",
                now,
                now);
    }

    /** Writes records as a producer that is not this service would: no encoding of its own. */
    private void publishRaw(String key, byte[]... values) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(TOPIC, key, value));
            }
            producer.flush();
        }
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer));
        }
    }

    /** The booking's confirmation as a plain consumer of the topic reads it, from {@code from} on. */
    private String confirmationOf(String bookingId, Map<TopicPartition, Long> from) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            partitions.forEach(partition -> consumer.seek(partition, from.getOrDefault(partition, 0L)));
            List<String> found = new ArrayList<>();
            await().atMost(patience()).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    if (value.contains(bookingId) && value.contains("\"BookingConfirmed\"")) {
                        found.add(value);
                    }
                }
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        return consumer.partitionsFor(TOPIC).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    /** How Jackson would spell the text if it escaped non-ASCII characters. */
    private static String escaped(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(String.format("\\u%04X", c)));
        return escaped.toString();
    }

    private Optional<List<String>> personalFieldsInPostgres(String id) {
        return database.sql("SELECT taxpayer_id, taxpayer_name, phone FROM bookings WHERE id = :id")
                .bind("id", id)
                .map(row -> List.of(
                        row.get("taxpayer_id", String.class),
                        row.get("taxpayer_name", String.class),
                        row.get("phone", String.class)))
                .one()
                .blockOptional(patience());
    }

    private List<String> ids(String hallCode, LocalDate day) {
        return database.sql("SELECT id FROM bookings WHERE hall_code = :hall AND day = :day")
                .bind("hall", hallCode)
                .bind("day", day)
                .map(row -> row.get("id", String.class))
                .all()
                .collectList()
                .block(patience());
    }

    private String quarantinedReason(String eventId) {
        return quarantinedColumn(eventId, "reason");
    }

    private String quarantinedRecord(String eventId) {
        return quarantinedColumn(eventId, "booking");
    }

    private String quarantinedColumn(String eventId, String column) {
        return database.sql("SELECT " + column + " FROM quarantined_booking_events WHERE event_id = :event")
                .bind("event", eventId)
                .map(row -> row.get(column, String.class))
                .one()
                .block(patience());
    }

    private double quarantined() {
        return meters.get("yuyue.booking.persistence.quarantined").counter().count();
    }

    private double undecryptable(String group) {
        return meters.get("yuyue.booking.events.undecryptable")
                .tag("group", group)
                .counter()
                .count();
    }

    private List<String> smsTexts(String phone) {
        return web
                .get()
                .uri("/api/v1/dev/sms?phone={phone}", phone)
                .exchange()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody()
                .stream()
                .map(message -> String.valueOf(message.get("text")))
                .toList();
    }
}
