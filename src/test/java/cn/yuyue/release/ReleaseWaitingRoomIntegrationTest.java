package cn.yuyue.release;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.YuyueApplication;
import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.admin.security.AccountSeeding;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.TestClock;
import cn.yuyue.platform.local.EmbeddedServices;
import cn.yuyue.verification.TestPhoneTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * The release waiting room on the real servers: the lottery drawn once by racing instances, the
 * line kept, passes that follow supply, expire and hand on, the sold-out broadcast, and the door.
 */
class ReleaseWaitingRoomIntegrationTest extends IntegrationTestSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Autowired
    ApplicationContext context;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    AccountSeeding seeding;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final List<String> added = new ArrayList<>();

    @AfterEach
    void withdrawReleasesAndResetTime() {
        clock.reset();
        String operator = StaffFixtures.operator(web, seeding);
        added.forEach(id -> web.delete()
                .uri("/api/v1/admin/releases/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + operator)
                .exchange()
                .expectStatus()
                .isNoContent());
        added.clear();
    }

    @Test
    void should_draw_the_lottery_once_across_instances_and_queue_later_arrivals_behind_it() {
        String hall = catalogue.halls(null, null).get(270).code();
        LocalDate day = nextOpenDay(catalogue, hall);
        Instant opensAt = Instant.now().plus(Duration.ofMinutes(5));
        String release = addRelease(day, opensAt);
        try (ConfigurableApplicationContext other = secondInstance(clock)) {
            WebTestClient webB = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + other.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(PATIENCE)
                    .build();
            List<WebTestClient> instances = List.of(web, webB);
            await().atMost(PATIENCE).until(() -> releasesOn(webB, day).contains(release));

            Map<String, String> early = new LinkedHashMap<>();
            for (int i = 0; i < 12; i++) {
                String token = token();
                Map<?, ?> ticket = join(instances.get(i % 2), release, hall, token)
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody();
                assertThat(ticket.get("state")).isEqualTo("WAITING");
                assertThat(ticket.get("position")).isNull();
                early.put(String.valueOf(ticket.get("ticket")), token);
            }
            String firstToken = early.values().iterator().next();
            assertThat(join(webB, release, hall, firstToken)
                            .expectStatus()
                            .isOk()
                            .expectBody(Map.class)
                            .returnResult()
                            .getResponseBody()
                            .get("ticket"))
                    .isEqualTo(early.keySet().iterator().next());

            clock.setNow(opensAt.plusSeconds(1).atZone(ProvinceTime.ZONE));
            await().atMost(PATIENCE)
                    .until(() -> early.entrySet().stream()
                            .allMatch(entry -> ticket(web, release, entry.getKey(), entry.getValue())
                                            .get("position")
                                    != null));

            Set<Long> positions = new HashSet<>();
            early.forEach((ticket, token) -> {
                Object onA = ticket(web, release, ticket, token).get("position");
                Object onB = ticket(webB, release, ticket, token).get("position");
                assertThat(onB).isEqualTo(onA);
                positions.add(((Number) onA).longValue());
            });
            assertThat(positions)
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, 12).boxed().toList());
            assertThat(redis.<String, String>opsForHash()
                            .get(new Room(release, hall).meta(), "draws")
                            .block(PATIENCE))
                    .isEqualTo("1");

            for (int i = 0; i < 4; i++) {
                Map<?, ?> late = join(instances.get(i % 2), release, hall, token())
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody();
                assertThat(((Number) late.get("position")).longValue()).isEqualTo(13 + i);
            }
            assertThat(redis.<String, String>opsForHash()
                            .get(new Room(release, hall).meta(), "draws")
                            .block(PATIENCE))
                    .isEqualTo("1");
        }
    }

    @Test
    void should_admit_by_supply_hand_expired_turns_on_and_tell_everyone_waiting_when_sold_out() {
        String hall = catalogue.halls(null, null).get(271).code();
        sixPlaces(hall);
        LocalDate day = nextOpenDay(catalogue, hall);
        List<SlotPlan> slots = catalogue.plan(hall, day).slots();
        assertThat(slots).hasSize(6);
        Instant opensAt = Instant.now().plus(Duration.ofMinutes(5));
        String release = addRelease(day, opensAt);

        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String token = token();
            Map<?, ?> ticket = join(web, release, hall, token)
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            agents.add(new Agent(String.valueOf(ticket.get("ticket")), token));
        }
        String bystander = token();
        book(bystander, hall, day, slots.get(0), null)
                .expectStatus()
                .isEqualTo(428)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ADMISSION_REQUIRED")
                .jsonPath("$.releaseId")
                .isEqualTo(release);

        clock.setNow(opensAt.plusSeconds(1).atZone(ProvinceTime.ZONE));
        // Six places and a margin of 10 % rounded up: seven passes out, nine tickets waiting.
        await().atMost(PATIENCE)
                .until(() -> states(release, agents).get("ADMITTED").size() == 7);
        Map<String, List<Agent>> first = states(release, agents);
        assertThat(first.get("WAITING")).hasSize(9);

        Agent admitted = first.get("ADMITTED").get(0);
        Agent waiting = first.get("WAITING").get(0);
        String pass = String.valueOf(
                ticket(web, release, admitted.ticket(), admitted.token()).get("pass"));
        book(waiting.token(), hall, day, slots.get(0), null)
                .expectStatus()
                .isEqualTo(428)
                .expectBody()
                .jsonPath("$.releaseId")
                .isEqualTo(release);
        book(waiting.token(), hall, day, slots.get(0), pass)
                .expectStatus()
                .isEqualTo(428)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ADMISSION_REQUIRED");
        web.get()
                .uri("/api/v1/releases/{id}/tickets/{ticket}", release, admitted.ticket())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + waiting.token())
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("FORBIDDEN");
        LocalDate otherDay = openDayAfter(hall, day);
        book(
                        waiting.token(),
                        hall,
                        otherDay,
                        catalogue.plan(hall, otherDay).slots().get(0),
                        null)
                .expectStatus()
                .isCreated();

        // Nobody books: every pass runs out and its turn goes to the next in line.
        clock.setNow(opensAt.plus(Duration.ofMinutes(3)).atZone(ProvinceTime.ZONE));
        await().atMost(PATIENCE)
                .until(() -> states(release, agents).get("ADMITTED").size() == 7
                        && states(release, agents).get("EXPIRED").size() == 7);
        Map<String, List<Agent>> second = states(release, agents);
        assertThat(second.get("WAITING")).hasSize(2);
        assertThat(second.get("EXPIRED")).containsExactlyInAnyOrderElementsOf(first.get("ADMITTED"));
        // A lapsed pass may join again, but at the back of the line, behind everyone who waited.
        Agent lapsed = second.get("EXPIRED").get(0);
        Map<?, ?> again = join(web, release, hall, lapsed.token())
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("ticket")).isNotEqualTo(lapsed.ticket());
        assertThat(((Number) again.get("position")).longValue()).isEqualTo(17);
        assertThat(ticket(web, release, lapsed.ticket(), lapsed.token()).get("state"))
                .isEqualTo("EXPIRED");
        join(web, release, hall, lapsed.token())
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.ticket")
                .isEqualTo(String.valueOf(again.get("ticket")));

        Agent watched = second.get("WAITING").get(0);
        var stream = web.get()
                .uri("/api/v1/releases/{id}/tickets/{ticket}/stream", release, watched.ticket())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + watched.token())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
                .getResponseBody();

        List<Agent> nowAdmitted = second.get("ADMITTED");
        for (int i = 0; i < slots.size(); i++) {
            Agent agent = nowAdmitted.get(i);
            String agentPass = String.valueOf(
                    ticket(web, release, agent.ticket(), agent.token()).get("pass"));
            book(agent.token(), hall, day, slots.get(i), agentPass)
                    .expectStatus()
                    .isCreated();
            if (i == 0) {
                // A pass books once: not again for another taxpayer.
                book(agent.token(), hall, day, slots.get(1), agentPass)
                        .expectStatus()
                        .isEqualTo(428);
            }
        }

        await().atMost(PATIENCE)
                .until(() -> states(release, agents).get("SOLD_OUT").size() == 2);
        assertThat(stream.filter(event -> event.data() != null)
                        .map(event -> String.valueOf(event.data().get("state")))
                        .filter("SOLD_OUT"::equals)
                        .blockFirst(PATIENCE))
                .isEqualTo("SOLD_OUT");
        // The stream followed the room's shared line, not a read of its own ticket every second.
        assertThat(meters.counter("yuyue.release.room.reads").count()).isPositive();
        // Sold out, the door is open again and finds no place.
        book(bystander, hall, day, slots.get(0), null)
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("SLOT_FULL");
    }

    @Test
    void should_refuse_bad_joins_and_keep_the_admin_api_to_the_operator() {
        String operator = StaffFixtures.operator(web, seeding);
        List<String> halls = List.of(272, 273, 274, 275).stream()
                .map(index -> catalogue.halls(null, null).get(index).code())
                .toList();
        LocalDate day = nextOpenDay(catalogue, halls.get(0));
        Instant opensAt = Instant.now().plus(Duration.ofMinutes(5));
        String release = addRelease(day, opensAt);

        web.post()
                .uri("/api/v1/admin/releases")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + operator)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "date",
                        day.toString(),
                        "opensAt",
                        opensAt.plusSeconds(60).toString(),
                        "reason",
                        "again"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("RELEASE_OVERLAPS");
        web.post()
                .uri("/api/v1/admin/releases")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + operator)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of("date", day.toString(), "opensAt", Instant.now().toString(), "reason", "too soon"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        String hallAdmin = StaffFixtures.hallAdmin(web, seeding, halls.get(0));
        web.post()
                .uri("/api/v1/admin/releases")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + hallAdmin)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", day.plusDays(1).toString(), "opensAt", opensAt.toString(), "reason", "mine"))
                .exchange()
                .expectStatus()
                .isForbidden();
        web.get()
                .uri("/api/v1/admin/audit?actor={actor}&limit=20", AccountSeeding.OPERATOR)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + operator)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.action == 'RELEASE_ADDED' && @.details.releaseId == '" + release + "')]")
                .exists();

        web.get()
                .uri("/api/v1/releases?date={date}", day)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].id")
                .isEqualTo(release)
                .jsonPath("$[0].state")
                .isEqualTo("UPCOMING");
        web.get()
                .uri("/api/v1/releases?date=tomorrow")
                .exchange()
                .expectStatus()
                .isBadRequest();

        String token = token();
        join(web, release, "99999999", token)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("HALL_NOT_FOUND");
        join(web, "r-nosuchrelease", halls.get(0), token)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("RELEASE_NOT_FOUND");
        web.post()
                .uri("/api/v1/releases/{id}/halls/{hall}/tickets", release, halls.get(0))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        for (int i = 0; i < 3; i++) {
            join(web, release, halls.get(i), token).expectStatus().isCreated();
        }
        join(web, release, halls.get(3), token)
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("TICKET_LIMIT");
        join(web, release, halls.get(0), token).expectStatus().isOk();
        web.get()
                .uri("/api/v1/releases/{id}/tickets/{ticket}", release, halls.get(0) + "-nosuchticket")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("TICKET_NOT_FOUND");

        clock.setNow(opensAt.plus(Duration.ofHours(2)).atZone(ProvinceTime.ZONE));
        join(web, release, halls.get(3), token())
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("ROOM_CLOSED");
    }

    private record Agent(String ticket, String token) {}

    private Map<String, List<Agent>> states(String release, List<Agent> agents) {
        Map<String, List<Agent>> byState = new LinkedHashMap<>();
        for (String state : List.of("WAITING", "ADMITTED", "SOLD_OUT", "EXPIRED")) {
            byState.put(state, new ArrayList<>());
        }
        agents.forEach(agent -> byState.get(String.valueOf(
                        ticket(web, release, agent.ticket(), agent.token()).get("state")))
                .add(agent));
        return byState;
    }

    private String token() {
        return TestPhoneTokens.tokenFor(context, freshPhone());
    }

    private String addRelease(LocalDate day, Instant opensAt) {
        String operator = StaffFixtures.operator(web, seeding);
        Map<?, ?> release = web.post()
                .uri("/api/v1/admin/releases")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + operator)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", day.toString(), "opensAt", opensAt.toString(), "reason", "征期截止日"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String id = String.valueOf(release.get("id"));
        added.add(id);
        return id;
    }

    private void sixPlaces(String hall) {
        String operator = StaffFixtures.operator(web, seeding);
        web.put()
                .uri("/api/v1/admin/halls/{hall}/schedule", hall)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + operator)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "morningStart",
                        "09:00",
                        "morningEnd",
                        "12:00",
                        "afternoonStart",
                        "13:30",
                        "afternoonEnd",
                        "16:30",
                        "slotMinutes",
                        60,
                        "dedicatedWindows",
                        1,
                        "placesPerWindow",
                        1))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private LocalDate openDayAfter(String hall, LocalDate day) {
        for (LocalDate next = day.plusDays(1); ; next = next.plusDays(1)) {
            if (catalogue.plan(hall, next).open()
                    && !catalogue.plan(hall, next).slots().isEmpty()) {
                return next;
            }
        }
    }

    private static List<String> releasesOn(WebTestClient client, LocalDate day) {
        return client
                .get()
                .uri("/api/v1/releases?date={date}", day)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody()
                .stream()
                .map(release -> String.valueOf(release.get("id")))
                .toList();
    }

    private static ResponseSpec join(WebTestClient client, String release, String hall, String token) {
        return client.post()
                .uri("/api/v1/releases/{id}/halls/{hall}/tickets", release, hall)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange();
    }

    private static Map<?, ?> ticket(WebTestClient client, String release, String ticket, String token) {
        return client.get()
                .uri("/api/v1/releases/{id}/tickets/{ticket}", release, ticket)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private ResponseSpec book(String token, String hall, LocalDate day, SlotPlan slot, String pass) {
        WebTestClient.RequestBodySpec spec = web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey());
        if (pass != null) {
            spec = spec.header("Admission-Pass", pass);
        }
        return spec.contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(hall, day, slot.start().toString(), freshTaxpayerId()))
                .exchange();
    }

    /** A second instance in this JVM on the same servers, sharing this test's clock. */
    private static ConfigurableApplicationContext secondInstance(TestClock clock) {
        List<String> arguments = new ArrayList<>();
        EmbeddedServices.shared().springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.addAll(List.of(
                "--server.port=0",
                "--yuyue.queue.simulator.enabled=false",
                "--yuyue.staff.credentials-file=target/release-instance-b-credentials.csv"));
        return new SpringApplicationBuilder(YuyueApplication.class)
                .profiles("test")
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(
                                "testClock", TestClock.class, () -> clock, definition -> definition.setPrimary(true)))
                .run(arguments.toArray(String[]::new));
    }
}
