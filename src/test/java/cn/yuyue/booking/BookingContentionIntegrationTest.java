package cn.yuyue.booking;

import static cn.yuyue.booking.BookingFixtures.creditCode;
import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.redis.RedisSlotInventory;
import cn.yuyue.verification.TestPhoneTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Many agents racing for few places, retries, crashes and a Redis that forgets. */
class BookingContentionIntegrationTest extends IntegrationTestSupport {

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    DatabaseClient database;

    @Autowired
    RedisSlotInventory inventory;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    List<SmartLifecycle> lifecycles;

    @Autowired
    ApplicationContext context;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    private long claimsMeasured() {
        return meters.get("yuyue.booking.claims.time").timer().count();
    }

    @Test
    void should_give_exactly_ten_places_to_a_thousand_racing_requests() {
        Hall hall = hallWithCapacity(320, 5, 2);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String start = catalogue.plan(hall.code(), day).slots().get(0).start().toString();
        String token = verifiedToken(web, freshPhone());

        // 100 agents with 10 taxpayers each: within the per-phone limit, as real agents are.
        List<String> agents = IntStream.range(0, 100)
                .mapToObj(i -> TestPhoneTokens.tokenFor(context, freshPhone()))
                .toList();
        long measuredBefore = claimsMeasured();
        Map<Integer, Long> statuses = race(
                1000,
                200,
                i -> post(
                        agents.get(i % agents.size()),
                        newKey(),
                        request(hall.code(), day, start, creditCode(1_000_000L + i))));

        assertThat(statuses).containsEntry(201, 10L).containsEntry(409, 990L).hasSize(2);
        await().atMost(patience()).until(() -> rows(hall.code(), day), rows -> rows == 10L);
        // The admission bound learns from every claim, the 990 "full" answers too: it once missed
        // all refusals and, in a sold-out storm, froze at whatever it last learned.
        assertThat(claimsMeasured() - measuredBefore).isEqualTo(1000L);
    }

    @Test
    void should_give_one_booking_to_twenty_concurrent_requests_with_one_key() {
        Hall hall = catalogue.halls(null, null).get(321);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String start = catalogue.plan(hall.code(), day).slots().get(0).start().toString();
        String token = verifiedToken(web, freshPhone());
        String key = newKey();
        Map<String, Object> body = request(hall.code(), day, start, creditCode(2_000_000L));

        List<Response> responses = Flux.range(0, 20)
                .flatMap(i -> post(token, key, body), 20)
                .collectList()
                .block(patience());

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.status()).isIn(200, 201, 409));
        assertThat(responses.stream().filter(response -> response.status() == 201))
                .hasSize(1);
        assertThat(responses.stream()
                        .map(Response::bookingId)
                        .filter(Objects::nonNull)
                        .distinct())
                .hasSize(1);
        await().atMost(patience()).until(() -> rows(hall.code(), day), rows -> rows == 1L);
    }

    @Test
    void should_persist_a_confirmed_booking_whose_writer_stopped_before_writing_it() {
        Hall hall = catalogue.halls(null, null).get(322);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String start = catalogue.plan(hall.code(), day).slots().get(0).start().toString();
        String token = verifiedToken(web, freshPhone());
        SmartLifecycle writer = writer();
        // Built while the writer runs: a build waits for it to drain (another test empties Redis).
        inventory.build(new HallDay(hall.code(), day)).block(patience());

        writer.stop();
        try {
            Response confirmed = post(token, newKey(), request(hall.code(), day, start, creditCode(3_000_000L)))
                    .block(patience());
            assertThat(confirmed.status()).isEqualTo(201);
            assertThat(rows(hall.code(), day)).isZero();
        } finally {
            // A new writer, as after a restart: it resumes from the last committed position.
            writer.start();
        }
        await().atMost(patience()).until(() -> rows(hall.code(), day), rows -> rows == 1L);
    }

    @Test
    void should_answer_try_later_rather_than_wait_for_a_build_behind_a_lagging_writer() {
        Hall booked = catalogue.halls(null, null).get(318);
        Hall unbuilt = catalogue.halls(null, null).get(319);
        LocalDate day = nextOpenDay(catalogue, booked.code());
        LocalDate unbuiltDay = nextOpenDay(catalogue, unbuilt.code());
        String start = catalogue.plan(booked.code(), day).slots().get(0).start().toString();
        String token = verifiedToken(web, freshPhone());
        SmartLifecycle writer = writer();
        SmartLifecycle preparation = lifecycle("InventoryPreparation");
        HallDay unbuiltHallDay = new HallDay(unbuilt.code(), unbuiltDay);

        // The preparation rebuilds every hall-day after another test emptied Redis; a build of this
        // one already under way would land after the forget below. Stopped, and any such build
        // waited out (a build joins the one in flight), nothing builds it but the read.
        preparation.stop();
        inventory.build(unbuiltHallDay).block(patience());
        inventory.build(new HallDay(booked.code(), day)).block(patience());
        writer.stop();
        try {
            // An event the writer has not read: a build now waits for the drain (up to a minute).
            assertThat(post(token, newKey(), request(booked.code(), day, start, creditCode(6_000_000L)))
                            .block(patience())
                            .status())
                    .isEqualTo(201);
            inventory.forget(unbuiltHallDay).block(patience());

            web.get()
                    .uri("/api/v1/halls/{code}/slots?date={day}", unbuilt.code(), unbuiltDay)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .exists(HttpHeaders.RETRY_AFTER)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("TRY_LATER");
        } finally {
            writer.start();
            preparation.start();
        }
        await().atMost(patience())
                .untilAsserted(() -> web.get()
                        .uri("/api/v1/halls/{code}/slots?date={day}", unbuilt.code(), unbuiltDay)
                        .exchange()
                        .expectStatus()
                        .isOk());
    }

    @Test
    void should_not_oversell_after_redis_loses_its_memory() {
        Hall hall = hallWithCapacity(323, 2, 2);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String start = catalogue.plan(hall.code(), day).slots().get(0).start().toString();
        String token = verifiedToken(web, freshPhone());
        Map<Integer, Long> first =
                race(3, 3, i -> post(token, newKey(), request(hall.code(), day, start, creditCode(4_000_000L + i))));
        assertThat(first).containsEntry(201, 3L);

        redis.execute(connection -> connection.serverCommands().flushAll()).blockLast(patience());
        // Staff sessions were in Redis too: the tests after this one sign in again.
        cn.yuyue.admin.StaffFixtures.sessionsLost();

        Map<Integer, Long> after =
                race(5, 5, i -> post(token, newKey(), request(hall.code(), day, start, creditCode(4_100_000L + i))));
        assertThat(after).containsEntry(201, 1L).containsEntry(409, 4L);
        await().atMost(patience()).until(() -> rows(hall.code(), day), rows -> rows == 4L);
    }

    /** Sets a hall's slot capacity to windows x places and rebuilds its inventories. */
    private Hall hallWithCapacity(int index, int windows, int placesPerWindow) {
        Hall hall = catalogue.halls(null, null).get(index);
        database.sql("UPDATE hall_schedules SET dedicated_windows = :windows, places_per_window = :places "
                        + "WHERE hall_code = :hall")
                .bind("windows", windows)
                .bind("places", placesPerWindow)
                .bind("hall", hall.code())
                .fetch()
                .rowsUpdated()
                .block(patience());
        catalogue.refresh().block(patience());
        LocalDate day = nextOpenDay(catalogue, hall.code());
        inventory.forget(new HallDay(hall.code(), day)).block(patience());
        return hall;
    }

    private Map<Integer, Long> race(int requests, int concurrency, Function<Integer, Mono<Response>> call) {
        return Flux.range(0, requests)
                .flatMap(call, concurrency)
                .collect(Collectors.groupingBy(Response::status, Collectors.counting()))
                .block(patience());
    }

    private Mono<Response> post(String token, String key, Map<String, Object> body) {
        return client().post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(Map.class)
                        .map(json -> new Response(
                                response.statusCode().value(),
                                json.containsKey("id") ? String.valueOf(json.get("id")) : null,
                                String.valueOf(json.get("code")))));
    }

    private WebClient client;

    private WebClient client() {
        if (client == null) {
            ConnectionProvider pool = ConnectionProvider.builder("racers")
                    .maxConnections(256)
                    .pendingAcquireMaxCount(5000)
                    .pendingAcquireTimeout(Duration.ofSeconds(60))
                    .build();
            client = WebClient.builder()
                    .baseUrl("http://localhost:" + port)
                    .clientConnector(new ReactorClientHttpConnector(
                            HttpClient.create(pool).responseTimeout(Duration.ofSeconds(60))))
                    .build();
        }
        return client;
    }

    private long rows(String hallCode, LocalDate day) {
        return database.sql("SELECT count(*) AS n FROM bookings WHERE hall_code = :hall AND day = :day "
                        + "AND status = 'BOOKED'")
                .bind("hall", hallCode)
                .bind("day", day)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    private SmartLifecycle writer() {
        return lifecycle("BookingEventWriter");
    }

    private SmartLifecycle lifecycle(String simpleName) {
        return lifecycles.stream()
                .filter(lifecycle -> lifecycle.getClass().getSimpleName().equals(simpleName))
                .findFirst()
                .orElseThrow();
    }

    record Response(int status, String bookingId, String code) {}
}
