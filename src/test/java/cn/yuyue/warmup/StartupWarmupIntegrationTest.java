package cn.yuyue.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.booking.BookingFixtures;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ratelimit.InProcessCallers;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import cn.yuyue.verification.PhoneVerification;
import cn.yuyue.verification.VerifiedPhone;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.SignalType;

/**
 * The start-up warm-up on the real embedded servers: readiness holds until it has run, and it
 * leaves nothing behind. Its requests are watched by a filter that notes the readiness state each
 * one met, so "refusing during, accepting after" is checked without any timing.
 */
@TestPropertySource(
        properties = {
            "yuyue.warmup.enabled=true",
            "yuyue.warmup.bookings=120",
            "yuyue.warmup.reads=30",
            "yuyue.warmup.concurrency=8",
            "yuyue.warmup.attempts-per-phone=25",
            // Generous: a loaded machine must not cut the warm-up short and so change what it sent.
            "yuyue.warmup.time-limit=5m"
        })
@Import(StartupWarmupIntegrationTest.WarmupWatch.class)
class StartupWarmupIntegrationTest extends IntegrationTestSupport {

    /** A real hall of this test's own (global indices 310-315), whose inventory must not move. */
    private static final int HALL_INDEX = 310;

    @Autowired
    ApplicationAvailability availability;

    @Autowired
    WarmupWatch watch;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    SlotInventory inventory;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    DatabaseClient database;

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Test
    void should_refuse_traffic_until_the_warm_up_has_run_and_accept_it_after() {
        await().atMost(Duration.ofMinutes(7))
                .until(availability::getReadinessState, ReadinessState.ACCEPTING_TRAFFIC::equals);

        assertThat(watch.requests).hasSize(150);
        assertThat(watch.requests)
                .allSatisfy(seen -> assertThat(seen.readiness()).isEqualTo(ReadinessState.REFUSING_TRAFFIC));
        web.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
    }

    @Test
    void should_walk_the_sold_out_booking_path_and_leave_nothing_behind() {
        await().atMost(Duration.ofMinutes(7))
                .until(availability::getReadinessState, ReadinessState.ACCEPTING_TRAFFIC::equals);

        List<Seen> bookings = watch.requests.stream()
                .filter(seen -> seen.path().equals("/api/v1/bookings"))
                .toList();
        // 409 SLOT_FULL on a quiet machine; a loaded one may answer some 503 while the scratch
        // hall-day is built. Never a booking.
        assertThat(bookings)
                .hasSize(120)
                .allSatisfy(seen -> assertThat(seen.status()).isNotIn(200, 201));
        Set<String> phones = bookings.stream().map(Seen::phone).collect(Collectors.toSet());
        assertThat(phones).hasSize(5).allSatisfy(phone -> assertThat(phone).startsWith("140"));
        assertThat(watch.requests.stream().filter(seen -> !seen.path().equals("/api/v1/bookings")))
                .hasSize(30);

        // The scratch hall is gone again, for everyone.
        web.get()
                .uri("/api/v1/halls/{code}", HallCatalogue.SCRATCH_HALL)
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(catalogue.halls(null, null)).noneMatch(hall -> hall.code().equals(HallCatalogue.SCRATCH_HALL));
        // No key of the scratch hall-day, no Idempotency-Key record of a warm-up phone.
        assertThat(keys("yy:{" + HallCatalogue.SCRATCH_HALL + ":*")).isEmpty();
        for (String phone : phones) {
            assertThat(keys("yy:idem:{" + phone + "}:*")).isEmpty();
            assertThat(smsTo(phone)).isEmpty();
        }
        // No row, no quarantined event, no event at all for the scratch hall.
        assertThat(rows("SELECT count(*) FROM bookings WHERE hall_code = '" + HallCatalogue.SCRATCH_HALL + "'"))
                .isZero();
        assertThat(rows("SELECT count(*) FROM quarantined_booking_events WHERE hall_code = '"
                        + HallCatalogue.SCRATCH_HALL + "'"))
                .isZero();
        assertThat(eventsNaming(HallCatalogue.SCRATCH_HALL)).isEmpty();
        // A real hall-day's places untouched: the warm-up reads the catalogue, it books nowhere real.
        Hall hall = catalogue.halls(null, null).get(HALL_INDEX);
        LocalDate day = BookingFixtures.nextOpenDay(catalogue, hall.code());
        Map<LocalTime, Integer> remaining = inventory
                .build(new HallDay(hall.code(), day))
                .then(inventory.remaining(new HallDay(hall.code(), day)))
                .block(patience());
        catalogue
                .plan(hall.code(), day)
                .slots()
                .forEach(slot -> assertThat(remaining).containsEntry(slot.start(), slot.capacity()));
    }

    private List<String> keys(String pattern) {
        return redis.keys(pattern).collectList().block(patience());
    }

    private long rows(String sql) {
        return database.sql(sql).map(row -> row.get(0, Long.class)).one().block(patience());
    }

    private List<?> smsTo(String phone) {
        return web.get()
                .uri("/api/v1/dev/sms?phone={phone}", phone)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(List.class)
                .returnResult()
                .getResponseBody();
    }

    /** Every record on the booking events topic, from the beginning to its end now, that names {@code text}. */
    private List<String> eventsNaming(String text) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor("yuyue.booking-events").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, String> event : consumer.poll(Duration.ofSeconds(1))) {
                    if (String.valueOf(event.key()).contains(text)
                            || String.valueOf(event.value()).contains(text)) {
                        found.add(event.value());
                    }
                }
            }
        }
        return found;
    }

    record Seen(String path, String phone, ReadinessState readiness, int status) {}

    /** Notes, for every request the warm-up sends, the readiness it met and the answer it got. */
    @TestConfiguration(proxyBeanMethods = false)
    static class WarmupWatch {

        final Queue<Seen> requests = new ConcurrentLinkedQueue<>();

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        WebFilter warmupRequests(ApplicationAvailability availability, PhoneVerification verification) {
            return (exchange, chain) -> {
                if (!exchange.getRequest().getHeaders().containsHeader(InProcessCallers.HEADER)) {
                    return chain.filter(exchange);
                }
                ReadinessState readiness = availability.getReadinessState();
                String phone = verification
                        .verify(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                        .map(VerifiedPhone::phone)
                        .orElse("-");
                String path = exchange.getRequest().getPath().value();
                // A request the warm-up gave up on (its 10 s timeout) is cancelled here with no status set.
                return chain.filter(exchange)
                        .doFinally(signal -> requests.add(new Seen(
                                path,
                                phone,
                                readiness,
                                signal == SignalType.CANCEL
                                                || exchange.getResponse().getStatusCode() == null
                                        ? -1
                                        : exchange.getResponse().getStatusCode().value())));
            };
        }
    }
}
