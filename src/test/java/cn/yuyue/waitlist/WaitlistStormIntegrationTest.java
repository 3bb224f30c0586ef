package cn.yuyue.waitlist;

import static cn.yuyue.booking.BookingFixtures.creditCode;
import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.waitlist.WaitlistFixtures.entryRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.YuyueApplication;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.local.EmbeddedServices;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.redis.RedisSlotInventory;
import cn.yuyue.verification.TestPhoneTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A storm of cancellations and new bookings for one full slot, on two instances that both serve
 * the waiting line: every freed place goes to the first in line exactly once, none is left free
 * while someone waits, and the slot never holds more than its capacity. Also reports the time
 * from a cancellation's answer to the waiting agent's entry turning BOOKED (indicative only).
 */
class WaitlistStormIntegrationTest extends IntegrationTestSupport {

    private static final int WINDOWS = 4;
    private static final int PER_WINDOW = 3;
    private static final int CAPACITY = WINDOWS * PER_WINDOW;
    private static final int WAITING = 8;
    private static final int MARKET_ATTEMPTS = 400;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    DatabaseClient database;

    @Autowired
    RedisSlotInventory inventory;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void should_give_every_freed_place_to_the_first_in_line_exactly_once_across_two_instances() throws IOException {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 255, WINDOWS, PER_WINDOW);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String start = catalogue.plan(hall.code(), day).slots().get(0).start().toString();
        WebClient clientA = client(port);

        List<Held> held = new ArrayList<>();
        for (int i = 0; i < CAPACITY; i++) {
            String token = TestPhoneTokens.tokenFor(context, freshPhone());
            Map<?, ?> booking = post(
                            clientA,
                            "/api/v1/bookings",
                            token,
                            request(hall.code(), day, start, creditCode(7_000_000L + i)))
                    .block(patience());
            held.add(new Held(String.valueOf(booking.get("id")), token));
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            String token = TestPhoneTokens.tokenFor(context, freshPhone());
            Map<?, ?> entry = post(
                            clientA,
                            "/api/v1/bookings/waitlist",
                            token,
                            entryRequest(hall.code(), day, List.of(start), creditCode(7_100_000L + i)))
                    .block(patience());
            assertThat(entry.get("state")).isEqualTo("WAITING");
            entries.add(String.valueOf(entry.get("id")));
        }

        ConfigurableApplicationContext instanceB = secondInstance();
        try {
            WebClient clientB =
                    client(Integer.parseInt(instanceB.getEnvironment().getProperty("local.server.port")));
            List<String> agents = IntStream.range(0, 40)
                    .mapToObj(i -> TestPhoneTokens.tokenFor(context, freshPhone()))
                    .toList();
            List<Instant> cancelled = Collections.synchronizedList(new ArrayList<>());
            Map<Integer, Integer> marketAnswers = new ConcurrentHashMap<>();

            // Every booking is cancelled, half through each instance, while agents keep trying to
            // book the slot on the open market through both: WAITING of the places go to the line,
            // the rest to whoever asks first.
            Flux<Void> cancellations = Flux.range(0, CAPACITY)
                    .delayElements(Duration.ofMillis(150))
                    .flatMap(i -> {
                        Held booking = held.get(i);
                        WebClient via = i % 2 == 0 ? clientA : clientB;
                        return via.delete()
                                .uri("/api/v1/bookings/{id}", booking.id())
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + booking.token())
                                .exchangeToMono(response ->
                                        Mono.just(response.statusCode().value()))
                                .doOnNext(status -> {
                                    assertThat(status).isEqualTo(204);
                                    cancelled.add(Instant.now());
                                })
                                .then();
                    });
            // Paced by delayElements, not interval: an interval overflows once 32 answers are slow.
            Flux<Void> market = Flux.range(0, MARKET_ATTEMPTS)
                    .delayElements(Duration.ofMillis(8))
                    .flatMap(
                            i -> (i % 2 == 0 ? clientA : clientB)
                                    .post()
                                    .uri("/api/v1/bookings")
                                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + agents.get(i % agents.size()))
                                    .header("Idempotency-Key", newKey())
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .bodyValue(request(hall.code(), day, start, creditCode(7_200_000L + i)))
                                    .exchangeToMono(response -> response.releaseBody()
                                            .thenReturn(response.statusCode().value()))
                                    .doOnNext(status -> marketAnswers.merge(status, 1, Integer::sum))
                                    .then(),
                            32);
            Flux.merge(cancellations, market).then().block(patience().multipliedBy(3));

            await().atMost(patience().multipliedBy(2))
                    .until(() -> entries.stream()
                            .allMatch(id -> "BOOKED"
                                    .equals(WaitlistFixtures.row(database, id).state())));
            // A place the line did not need went to the market; take any left, so all are sold.
            int sold = 0;
            for (int i = 0; i < CAPACITY; i++) {
                Integer status = post(
                                clientA,
                                "/api/v1/bookings",
                                agents.get(i),
                                request(hall.code(), day, start, creditCode(7_300_000L + i)))
                        .map(body -> 201)
                        .onErrorReturn(409)
                        .block(patience());
                sold += status == 201 ? 1 : 0;
            }
            await().atMost(patience()).until(() -> activeBookings(hall.code(), day) == CAPACITY);

            List<String> bookingIds = entries.stream()
                    .map(id -> WaitlistFixtures.row(database, id).bookingId())
                    .toList();
            assertThat(bookingIds).doesNotContainNull().doesNotHaveDuplicates();
            for (String entry : entries) {
                WaitlistFixtures.Row row = WaitlistFixtures.row(database, entry);
                assertThat(WaitlistFixtures.bookingStatus(database, row.bookingId()))
                        .isEqualTo("BOOKED");
                assertThat(bookingsOfTaxpayer(hall.code(), day, row.taxpayerId()))
                        .isEqualTo(1L);
            }
            assertThat(marketAnswers.getOrDefault(201, 0) + sold).isEqualTo(CAPACITY - WAITING);
            HallDay hallDay = new HallDay(hall.code(), day);
            assertThat(redis.<String, String>opsForHash()
                            .get("yy:" + hallDay.hashTag() + ":remaining", start)
                            .block(patience()))
                    .isEqualTo("0");
            assertThat(redis.<String, String>opsForHash()
                            .get("yy:" + hallDay.hashTag() + ":reserved", start)
                            .defaultIfEmpty("0")
                            .block(patience()))
                    .isEqualTo("0");
            report(cancelled, entries);
        } finally {
            instanceB.close();
        }
    }

    /**
     * The k-th cancellation freed the k-th place taken by the line (places go to the line in the
     * order they come free, entries in the order they joined), so the k-th entry to turn BOOKED is
     * paired with the k-th cancellation answered.
     */
    private void report(List<Instant> cancelled, List<String> entries) throws IOException {
        List<Instant> answers =
                cancelled.stream().sorted().limit(entries.size()).toList();
        List<Instant> booked = entries.stream()
                .map(id -> WaitlistFixtures.row(database, id).updatedAt().toInstant())
                .sorted()
                .toList();
        List<Long> millis = new ArrayList<>();
        for (int k = 0; k < booked.size(); k++) {
            millis.add(
                    Math.max(0, Duration.between(answers.get(k), booked.get(k)).toMillis()));
        }
        Collections.sort(millis);
        String figure = "waitlist: cancellation answered -> entry BOOKED, " + millis.size() + " places, p50 "
                + millis.get(millis.size() / 2) + " ms, p99 " + millis.get(millis.size() - 1) + " ms, all " + millis;
        System.out.println(figure);
        Path out = Path.of("target", "waitlist-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, figure + System.lineSeparator());
    }

    private long activeBookings(String hallCode, LocalDate day) {
        return database.sql("SELECT count(*) AS n FROM bookings WHERE hall_code = :hall AND day = :day "
                        + "AND status IN ('BOOKED', 'PENDING', 'CHECKED_IN', 'RESCHEDULE_PROPOSED')")
                .bind("hall", hallCode)
                .bind("day", day)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(patience());
    }

    private long bookingsOfTaxpayer(String hallCode, LocalDate day, String taxpayerId) {
        return database.sql("SELECT count(*) AS n FROM bookings WHERE hall_code = :hall AND day = :day "
                        + "AND taxpayer_id = :taxpayer")
                .bind("hall", hallCode)
                .bind("day", day)
                .bind("taxpayer", taxpayerId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(patience());
    }

    private static ConfigurableApplicationContext secondInstance() {
        List<String> arguments = new ArrayList<>();
        EmbeddedServices.shared().springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(
                "--server.port=0",
                "--yuyue.queue.simulator.enabled=false",
                "--yuyue.rate-limit.client-per-minute=0",
                "--yuyue.rate-limit.phone-bookings-per-minute=0",
                "--yuyue.staff.credentials-file=target/waitlist-storm-credentials.csv"));
        return new SpringApplicationBuilder(YuyueApplication.class)
                .profiles("test")
                .run(arguments.toArray(String[]::new));
    }

    private static WebClient client(int port) {
        return WebClient.builder().baseUrl("http://localhost:" + port).build();
    }

    private Mono<Map> post(WebClient client, String path, String token, Map<String, Object> body) {
        return client.post()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .retrieve()
                .bodyToMono(Map.class);
    }

    private record Held(String id, String token) {}
}
