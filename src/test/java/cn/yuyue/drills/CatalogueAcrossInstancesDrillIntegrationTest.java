package cn.yuyue.drills;

import static cn.yuyue.booking.BookingFixtures.creditCode;
import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;

import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.admin.security.AccountSeeding;
import cn.yuyue.drills.DrillLoad.Answer;
import cn.yuyue.drills.DrillLoad.Report;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.platform.local.EmbeddedServices;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.redis.RedisSlotInventory;
import cn.yuyue.verification.TestPhoneTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Catalogue edits with two instances: staff close a day and lower a capacity through instance A;
 * taxpayers book through instance B, whose catalogue was loaded before the edits and which runs in
 * a JVM of its own. Once with the hall-days not built (B builds them, as after a Redis loss or when
 * a day enters the booking window) and once with them built (A adjusts them). Nothing may be booked
 * on the closed day, no slot may hold more bookings than its new capacity, every 201 is in
 * PostgreSQL, and B then answers as A does. Reports go to the log and target/drills-catalogue.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogueAcrossInstancesDrillIntegrationTest {

    private static final Path REPORTS = Path.of("target", "drills.txt");
    private static final Path CREDENTIALS = Path.of("target", "drill-catalogue-credentials.csv");
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Far above the propagation bound (seconds), so a loaded machine does not fail the drill. */
    private static final Duration CONVERGENCE = Duration.ofSeconds(30);

    private static final int WINDOWS = 2;
    private static final int PLACES = 2;
    private static final int LOWERED_PLACES = 1;
    private static final int SLOTS_BOOKED = 2;
    private static final int REQUESTS_PER_SLOT = 6;
    private static final AtomicLong TAXPAYERS = new AtomicLong(60_000_000L);

    private static EmbeddedServices servers;
    private static ConfigurableApplicationContext instanceA;
    private static WebClient clientA;
    private static WebTestClient adminA;
    private static String operator;
    private static DatabaseClient database;
    private static HallCatalogue catalogue;
    private static RedisSlotInventory inventory;
    private static List<String> agents;
    private static Process instanceB;
    private static WebClient clientB;

    @BeforeAll
    static void startServersAndInstances() throws IOException {
        servers = EmbeddedServices.forDrills();
        Files.deleteIfExists(CREDENTIALS);
        List<String> settings = List.of("--yuyue.staff.credentials-file=" + CREDENTIALS);
        instanceA = DrillInstance.inThisJvm(DrillInstance.arguments(servers, 0, settings));
        int portA = Integer.parseInt(instanceA.getEnvironment().getProperty("local.server.port"));
        clientA = DrillLoad.client(portA);
        adminA = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + portA)
                .responseTimeout(PATIENCE)
                .build();
        instanceA.getBean(AccountSeeding.class).seeded().block(PATIENCE);
        operator = StaffFixtures.activate(
                adminA, AccountSeeding.OPERATOR, StaffFixtures.initialPassword(CREDENTIALS, AccountSeeding.OPERATOR));
        database = instanceA.getBean(DatabaseClient.class);
        catalogue = instanceA.getBean(HallCatalogue.class);
        inventory = instanceA.getBean(RedisSlotInventory.class);
        agents = IntStream.range(0, 40)
                .mapToObj(i -> TestPhoneTokens.tokenFor(instanceA, freshPhone()))
                .toList();
        IntStream.rangeClosed(20, 23).forEach(index -> schedule(hall(index), PLACES));
        // B starts after the schedules above, so it begins with the catalogue A has; only the
        // edits made during the drills are new to it.
        int portB = DrillInstance.freePort();
        instanceB = DrillInstance.inItsOwnJvm(
                DrillInstance.arguments(servers, portB, settings),
                portB,
                Path.of("target", "drill-catalogue-instance-b.log"));
        clientB = DrillLoad.client(portB);
    }

    @AfterAll
    static void stopEverything() {
        if (instanceB != null) {
            instanceB.destroyForcibly();
        }
        if (instanceA != null) {
            instanceA.close();
        }
        if (servers != null) {
            servers.stop();
        }
    }

    @Test
    @Order(1)
    void edits_on_a_reach_the_days_b_builds_afterwards() {
        // As a Redis that lost its memory, or a day that has just entered the booking window.
        closeAndLowerOnAThenBookOnB(
                20, 21, "f) closed day, not built", "g) capacity 4 to 2, not built", inventory::forget);
    }

    @Test
    @Order(2)
    void edits_on_a_reach_the_days_built_before() {
        closeAndLowerOnAThenBookOnB(22, 23, "h) closed day, built", "i) capacity 4 to 2, built", inventory::build);
    }

    /**
     * Closes one hall's day and lowers another's capacity through A, after {@code prepare} laid their
     * inventories out (or forgot them), then books both through B: nothing on the closed day,
     * nothing above the lowered capacity, and B answers as A does.
     */
    private void closeAndLowerOnAThenBookOnB(
            int closingIndex,
            int loweringIndex,
            String closedDrill,
            String loweredDrill,
            Function<HallDay, Mono<?>> prepare) {
        HallDay closing = openDay(hall(closingIndex));
        HallDay lowering = openDay(hall(loweringIndex));
        List<String> closingStarts = starts(closing);
        List<String> loweringStarts = starts(lowering);
        prepare.apply(closing).then(prepare.apply(lowering)).block(PATIENCE);

        close(closing);
        schedule(lowering.hallCode(), LOWERED_PLACES);
        List<List<Answer>> answers = Mono.zip(storm(closing, closingStarts), storm(lowering, loweringStarts))
                .map(both -> List.of(both.getT1(), both.getT2()))
                .block(PATIENCE);

        Report closed = settle(closedDrill, closing, answers.get(0), 0);
        Report lowered = settle(loweredDrill, lowering, answers.get(1), WINDOWS * LOWERED_PLACES);
        DrillBench.assertSafe(closed);
        DrillBench.assertSafe(lowered);
        assertThat(closed.created()).as("201s on the closed day").isZero();
        awaitSameAnswers(closing);
        awaitSameAnswers(lowering);
    }

    @Test
    @Order(3)
    void a_closed_day_reaches_the_other_instance_within_seconds() throws IOException {
        for (int index = 24; index <= 26; index++) {
            HallDay hallDay = openDay(hall(index));
            close(hallDay);
            long closedAt = System.nanoTime();
            await().atMost(CONVERGENCE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> Boolean.FALSE.equals(slots(clientB, hallDay).get("open")));
            String line = String.format(
                    "catalogue edit seen by instance B %d ms after A answered (hall %s)",
                    (System.nanoTime() - closedAt) / 1_000_000, hallDay.hallCode());
            System.out.println("DRILL " + line);
            Files.writeString(
                    REPORTS, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static String hall(int index) {
        return catalogue.halls(null, null).get(index).code();
    }

    private static HallDay openDay(String hallCode) {
        return new HallDay(hallCode, nextOpenDay(catalogue, hallCode));
    }

    private static List<String> starts(HallDay hallDay) {
        return catalogue.plan(hallDay.hallCode(), hallDay.date()).slots().stream()
                .limit(SLOTS_BOOKED)
                .map(SlotPlan::start)
                .map(Object::toString)
                .toList();
    }

    /** The hall's own hours with {@value #WINDOWS} windows of {@code places} places each, through A. */
    private static void schedule(String hallCode, int places) {
        Hall.Schedule hours = catalogue.hall(hallCode).orElseThrow().schedule();
        adminA.put()
                .uri("/api/v1/admin/halls/{hall}/schedule", hallCode)
                .header(HttpHeaders.AUTHORIZATION, StaffFixtures.bearer(operator))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "morningStart",
                        hours.morningStart().toString(),
                        "morningEnd",
                        hours.morningEnd().toString(),
                        "afternoonStart",
                        hours.afternoonStart().toString(),
                        "afternoonEnd",
                        hours.afternoonEnd().toString(),
                        "slotMinutes",
                        hours.slotMinutes(),
                        "dedicatedWindows",
                        WINDOWS,
                        "placesPerWindow",
                        places))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private static void close(HallDay hallDay) {
        adminA.post()
                .uri("/api/v1/admin/halls/{hall}/closures", hallDay.hallCode())
                .header(HttpHeaders.AUTHORIZATION, StaffFixtures.bearer(operator))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", hallDay.date().toString(), "reason", "停电检修"))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** {@value #REQUESTS_PER_SLOT} bookings per slot through B, paced, a few at a time. */
    private static Mono<List<Answer>> storm(HallDay hallDay, List<String> starts) {
        return DrillLoad.run(
                        starts.size() * REQUESTS_PER_SLOT,
                        Duration.ofMillis(20),
                        8,
                        i -> DrillLoad.book(
                                clientB,
                                agents.get(i % agents.size()),
                                hallDay.hallCode(),
                                hallDay.date(),
                                starts.get(i % starts.size()),
                                creditCode(TAXPAYERS.incrementAndGet()),
                                newKey()))
                .collectList();
    }

    /** B answers the availability of the day exactly as A does, once the edit has reached it. */
    private static void awaitSameAnswers(HallDay hallDay) {
        await().atMost(CONVERGENCE)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> slots(clientA, hallDay).equals(slots(clientB, hallDay)));
    }

    private static Map<?, ?> slots(WebClient client, HallDay hallDay) {
        return client.get()
                .uri("/api/v1/halls/{code}/slots?date={date}", hallDay.hallCode(), hallDay.date())
                .retrieve()
                .bodyToMono(Map.class)
                .block(PATIENCE);
    }

    private static Report settle(String name, HallDay hallDay, List<Answer> answers, int capacity) {
        return DrillBench.settle(database, name, hallDay.hallCode(), hallDay.date(), answers, capacity, PATIENCE);
    }

    private static Map<String, Long> rowsPerSlot(HallDay hallDay) {
        return DrillBench.rowsPerSlot(database, hallDay.hallCode(), hallDay.date());
    }
}
