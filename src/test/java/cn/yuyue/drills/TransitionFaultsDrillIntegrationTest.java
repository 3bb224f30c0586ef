package cn.yuyue.drills;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.drills.DrillBench.PATIENCE;
import static cn.yuyue.drills.DrillBench.nextTaxpayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.admin.noshow.MarkingNoShows;
import cn.yuyue.admin.security.AccountSeeding;
import cn.yuyue.drills.DrillBench.Scenario;
import cn.yuyue.drills.DrillLoad.Answer;
import cn.yuyue.drills.DrillLoad.Report;
import cn.yuyue.drills.FaultInjection.Armed;
import cn.yuyue.drills.FaultInjection.Fault;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.TestClock;
import cn.yuyue.platform.local.EmbeddedServices;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.redis.RedisSlotInventory;
import cn.yuyue.verification.TestPhoneTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * A fault between the durable step and the Redis step of every booking transition after the
 * confirmation (which {@link BookingFaultsDrillIntegrationTest} drills): cancel, check-in, no-show,
 * reschedule propose, accept, decline, expire, and the withdrawal of a proposal answered too late.
 * Three faults each: the Redis step fails after Kafka acknowledged the event, the acknowledgement is
 * lost after the event was written, the instance dies ({@code Runtime.halt}, in a JVM of its own)
 * right after the acknowledgement. Afterwards PostgreSQL, Redis and the API agree: the transition
 * happened once or not at all, every slot's places left plus the places PostgreSQL holds (plus held
 * proposals) make its capacity, no strike from a stale status, the writer's lag back to 0, and a
 * retry of the same request answers as the durable record says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransitionFaultsDrillIntegrationTest {

    private static final Path CREDENTIALS = Path.of("target", "drill-transitions-credentials.csv");
    private static final Path REPORTS = Path.of("target", "drills.txt");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final AtomicInteger HALLS = new AtomicInteger(60);
    /** How long a transition may take to settle after its fault: generous, for a loaded machine. */
    private static final Duration SETTLE = Duration.ofSeconds(75);

    private static final Map<String, String> ADMINS = new ConcurrentHashMap<>();
    /**
     * The dying instance answers a request or two and halts: it starts faster with the client
     * compiler alone and one GC thread, and none of that is what the drill is about.
     */
    private static final List<String> SHORT_LIVED_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static DrillBench bench;
    private static WebTestClient staffWeb;
    private static String operator;
    private static Process instanceB;

    @BeforeAll
    static void start() throws IOException {
        Files.deleteIfExists(CREDENTIALS);
        bench = new DrillBench(
                EmbeddedServices.forDrills(),
                new Class<?>[] {FaultInjection.class},
                "--yuyue.staff.credentials-file=" + CREDENTIALS,
                "--yuyue.booking.abandoned-claim-after=6s",
                "--yuyue.booking.abandoned-claim-sweep=1s",
                // The drill runs the no-show sweep and the proposal expiry itself, on its hall-day.
                "--yuyue.no-shows.sweep-every=1h",
                "--yuyue.reschedule.expire-every=1h",
                // A dead instance's answer holds its proposal this long (30 s in production). Nothing
                // answers a drill's proposal twice at once, so the shorter lease changes only the wait.
                "--yuyue.reschedule.answer-lease=10s",
                // Building the API description takes a good part of an instance's start (half a
                // minute on a loaded machine) and the drill starts one per killed instance.
                "--springdoc.pre-loading-enabled=false",
                "--springdoc.api-docs.enabled=false",
                "--springdoc.swagger-ui.enabled=false");
        int port = Integer.parseInt(bench.instance().getEnvironment().getProperty("local.server.port"));
        staffWeb = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(PATIENCE)
                .build();
        bench.instance().getBean(AccountSeeding.class).seeded().block(PATIENCE);
        // A sign-in may time out on a loaded machine (500 after 2 s): try again.
        String[] signedIn = new String[1];
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> (signedIn[0] = StaffFixtures.activate(
                                staffWeb,
                                AccountSeeding.OPERATOR,
                                StaffFixtures.initialPassword(CREDENTIALS, AccountSeeding.OPERATOR)))
                        != null);
        operator = signedIn[0];
    }

    @AfterEach
    void disarm() {
        FaultInjection.disarm();
        clock().reset();
        if (instanceB != null) {
            instanceB.destroyForcibly();
            instanceB = null;
        }
    }

    @AfterAll
    static void stop() {
        if (bench != null) {
            bench.close();
        }
    }

    // ---- cancel ----------------------------------------------------------------------------------

    @Test
    @Order(1)
    void cancel_whose_redis_step_fails_after_the_ack() {
        Drill drill = new Drill("t1) cancel, Redis step failed");
        Subject subject = drill.book(0);
        drill.arm("BookingCancelled:CANCELLED", Fault.REDIS_STEP_FAILS);
        drill.first(cancel(a(), subject));
        drill.retry(() -> cancel(a(), subject), 204);
        drill.settled(Map.of(subject.id(), "CANCELLED"));
        drill.noStrikeAfterTheSlot(subject);
        drill.report(0);
    }

    @Test
    @Order(2)
    void cancel_whose_ack_is_lost() {
        Drill drill = new Drill("t2) cancel, ack lost");
        Subject subject = drill.book(0);
        drill.arm("BookingCancelled:CANCELLED", Fault.ACK_LOST);
        drill.first(cancel(a(), subject));
        drill.retry(() -> cancel(a(), subject), 204);
        drill.settled(Map.of(subject.id(), "CANCELLED"));
        drill.noStrikeAfterTheSlot(subject);
        drill.report(0);
    }

    // ---- check-in --------------------------------------------------------------------------------

    @Test
    @Order(3)
    void check_in_whose_redis_step_fails_after_the_ack() {
        Drill drill = new Drill("t3) check-in, Redis step failed");
        Subject subject = drill.book(0);
        drill.atSlotStart(subject);
        drill.arm("BookingCheckedIn", Fault.REDIS_STEP_FAILS);
        drill.first(checkIn(a(), drill, subject));
        drill.retry(() -> checkIn(a(), drill, subject), 200, 409);
        drill.settled(Map.of(subject.id(), "CHECKED_IN"));
        drill.noStrikeAfterTheSlot(subject);
        drill.report(0);
    }

    @Test
    @Order(4)
    void check_in_whose_ack_is_lost() {
        Drill drill = new Drill("t4) check-in, ack lost");
        Subject subject = drill.book(0);
        drill.atSlotStart(subject);
        drill.arm("BookingCheckedIn", Fault.ACK_LOST);
        drill.first(checkIn(a(), drill, subject));
        drill.retry(() -> checkIn(a(), drill, subject), 200, 409);
        drill.settled(Map.of(subject.id(), "CHECKED_IN"));
        drill.noStrikeAfterTheSlot(subject);
        drill.report(0);
    }

    // ---- no-show ---------------------------------------------------------------------------------

    @Test
    @Order(5)
    void no_show_whose_redis_step_fails_after_the_ack() {
        Drill drill = new Drill("t5) no-show, Redis step failed");
        Subject subject = drill.book(0);
        drill.afterTheDay();
        drill.arm("BookingMarkedNoShow", Fault.REDIS_STEP_FAILS);
        drill.sweepNoShows();
        drill.sweepNoShowsUntilRecorded(subject);
        drill.settled(Map.of(subject.id(), "NO_SHOW"));
        drill.strikes(subject, 1);
        drill.report(0);
    }

    @Test
    @Order(6)
    void no_show_whose_ack_is_lost() {
        Drill drill = new Drill("t6) no-show, ack lost");
        Subject subject = drill.book(0);
        drill.afterTheDay();
        drill.arm("BookingMarkedNoShow", Fault.ACK_LOST);
        drill.sweepNoShows();
        drill.sweepNoShowsUntilRecorded(subject);
        drill.settled(Map.of(subject.id(), "NO_SHOW"));
        drill.strikes(subject, 1);
        drill.report(0);
    }

    // ---- reschedule: propose ---------------------------------------------------------------------

    /**
     * The proposal takes its Redis steps (the hold, the status) before its event; after the
     * acknowledgement only the SMS and the audit follow, so there is no Redis step to fail there.
     */
    @Test
    @Order(7)
    void proposal_whose_ack_is_lost() {
        Drill drill = new Drill("t7) propose, ack lost");
        Subject subject = drill.book(0);
        drill.arm("BookingRescheduleProposed", Fault.ACK_LOST);
        drill.first(propose(a(), drill, subject, 2));
        // The event is in the log: the proposal stands, everywhere, or is gone everywhere.
        drill.settledAsOneOf(subject, "RESCHEDULE_PROPOSED", "BOOKED");
        drill.retry(() -> propose(a(), drill, subject, 2), 201, 409);
        drill.settled(Map.of(subject.id(), "RESCHEDULE_PROPOSED"));
        drill.endProposal(subject);
        drill.report(0, 2);
    }

    // ---- reschedule: accept ----------------------------------------------------------------------

    @Test
    @Order(8)
    void accept_whose_redis_step_fails_after_the_ack() {
        Drill drill = new Drill("t8) accept, Redis step failed");
        Subject subject = drill.proposed(0, 2);
        drill.arm("BookingRescheduled", Fault.REDIS_STEP_FAILS);
        drill.first(accept(a(), subject));
        Reply moved = drill.retry(() -> accept(a(), subject), 200);
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL", moved.id(), "BOOKED"));
        drill.report(0, 2);
    }

    @Test
    @Order(9)
    void accept_whose_ack_is_lost() {
        Drill drill = new Drill("t9) accept, ack lost");
        Subject subject = drill.proposed(0, 2);
        drill.arm("BookingRescheduled", Fault.ACK_LOST);
        drill.first(accept(a(), subject));
        Reply moved = drill.retry(() -> accept(a(), subject), 200);
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL", moved.id(), "BOOKED"));
        drill.report(0, 2);
    }

    // ---- reschedule: decline ---------------------------------------------------------------------

    @Test
    @Order(10)
    void decline_whose_redis_step_fails_after_the_ack() {
        Drill drill = new Drill("t10) decline, Redis step failed");
        Subject subject = drill.proposed(0, 2);
        drill.arm("BookingCancelled:WITHDRAWN_BY_HALL", Fault.REDIS_STEP_FAILS);
        drill.first(decline(a(), subject));
        drill.retry(() -> decline(a(), subject), 204);
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        drill.proposalIs(subject, "DECLINED");
        drill.noStrikeAfterTheSlot(subject);
        drill.report(0, 2);
    }

    @Test
    @Order(11)
    void decline_whose_ack_is_lost() {
        Drill drill = new Drill("t11) decline, ack lost");
        Subject subject = drill.proposed(0, 2);
        drill.arm("BookingCancelled:WITHDRAWN_BY_HALL", Fault.ACK_LOST);
        drill.first(decline(a(), subject));
        drill.retry(() -> decline(a(), subject), 204);
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        drill.proposalIs(subject, "DECLINED");
        drill.noStrikeAfterTheSlot(subject);
        drill.report(0, 2);
    }

    // ---- reschedule: expiry ----------------------------------------------------------------------

    @Test
    @Order(12)
    void expiry_whose_redis_step_fails_after_the_ack() {
        Drill drill = new Drill("t12) expire, Redis step failed");
        Subject subject = drill.proposed(0, 2);
        drill.pastTheDeadline(subject);
        drill.arm("BookingCancelled:WITHDRAWN_BY_HALL", Fault.REDIS_STEP_FAILS);
        drill.expireUntil(subject, "EXPIRED");
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        drill.report(0, 2);
    }

    @Test
    @Order(13)
    void expiry_whose_ack_is_lost() {
        Drill drill = new Drill("t13) expire, ack lost");
        Subject subject = drill.proposed(0, 2);
        drill.pastTheDeadline(subject);
        drill.arm("BookingCancelled:WITHDRAWN_BY_HALL", Fault.ACK_LOST);
        drill.expireUntil(subject, "EXPIRED");
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        drill.report(0, 2);
    }

    // ---- reschedule: withdrawal of a proposal answered after its deadline -------------------------

    @Test
    @Order(14)
    void withdrawal_whose_redis_step_fails_after_the_ack() {
        Drill drill = new Drill("t14) withdraw, Redis step failed");
        Subject subject = drill.proposed(0, 2);
        drill.pastTheDeadline(subject);
        drill.arm("BookingCancelled:WITHDRAWN_BY_HALL", Fault.REDIS_STEP_FAILS);
        drill.first(accept(a(), subject));
        drill.retryUntil(() -> accept(a(), subject), reply -> "PROPOSAL_EXPIRED".equals(reply.code()));
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        drill.proposalIs(subject, "EXPIRED");
        drill.report(0, 2);
    }

    @Test
    @Order(15)
    void withdrawal_whose_ack_is_lost() {
        Drill drill = new Drill("t15) withdraw, ack lost");
        Subject subject = drill.proposed(0, 2);
        drill.pastTheDeadline(subject);
        drill.arm("BookingCancelled:WITHDRAWN_BY_HALL", Fault.ACK_LOST);
        drill.first(accept(a(), subject));
        drill.retryUntil(() -> accept(a(), subject), reply -> "PROPOSAL_EXPIRED".equals(reply.code()));
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        drill.proposalIs(subject, "EXPIRED");
        drill.report(0, 2);
    }

    /**
     * An accept whose events are durable but whose Redis steps failed, answered again only after
     * the deadline: the late answer must finish the accept the log holds, not withdraw it (which
     * would give back the new booking's place while PostgreSQL holds it as booked).
     */
    @Test
    @Order(16)
    void late_answer_after_an_unfinished_accept() {
        Drill drill = new Drill("t16) accept unfinished, late retry");
        Subject subject = drill.proposed(0, 2);
        drill.arm("BookingRescheduled", Fault.REDIS_STEP_FAILS);
        drill.first(accept(a(), subject));
        drill.pastTheDeadline(subject);
        Reply late = drill.retry(() -> accept(a(), subject), 200, 409);
        String newId = drill.newBookingOf(subject);
        assertThat(late).as("the late answer to an accept the log holds").isEqualTo(new Reply(200, late.body()));
        assertThat(late.id()).isEqualTo(newId);
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL", newId, "BOOKED"));
        drill.proposalIs(subject, "ACCEPTED");
        drill.report(0, 2);
    }

    // ---- the instance dies between the durable step and the Redis step ---------------------------

    @Test
    @Order(20)
    void cancel_killed_after_the_ack() throws IOException {
        Drill drill = new Drill("t17) cancel, instance killed");
        Subject subject = drill.book(0);
        WebClient b = drill.instanceDyingAfter("BookingCancelled:CANCELLED", 0);
        drill.first(cancel(b, subject));
        drill.awaitDeath();
        drill.retry(() -> cancel(a(), subject), 204);
        drill.settled(Map.of(subject.id(), "CANCELLED"));
        drill.noStrikeAfterTheSlot(subject);
        drill.report(0);
    }

    @Test
    @Order(21)
    void check_in_killed_after_the_ack() throws IOException {
        Drill drill = new Drill("t18) check-in, instance killed");
        Subject subject = drill.book(0);
        WebClient b = drill.instanceDyingAfter("BookingCheckedIn", drill.secondsUntilSlotStart(subject));
        drill.first(checkIn(b, drill, subject));
        drill.awaitDeath();
        drill.atSlotStart(subject);
        drill.retry(() -> checkIn(a(), drill, subject), 409);
        drill.settled(Map.of(subject.id(), "CHECKED_IN"));
        drill.noStrikeAfterTheSlot(subject);
        drill.report(0);
    }

    @Test
    @Order(22)
    void proposal_killed_after_the_ack() throws IOException {
        Drill drill = new Drill("t19) propose, instance killed");
        Subject subject = drill.book(0);
        WebClient b = drill.instanceDyingAfter("BookingRescheduleProposed", 0);
        drill.first(propose(b, drill, subject, 2));
        drill.awaitDeath();
        drill.retry(() -> propose(a(), drill, subject, 2), 409);
        drill.settled(Map.of(subject.id(), "RESCHEDULE_PROPOSED"));
        drill.proposalIs(subject, "PROPOSED");
        drill.endProposal(subject);
        drill.report(0, 2);
    }

    @Test
    @Order(23)
    void accept_killed_after_the_ack() throws IOException {
        Drill drill = new Drill("t20) accept, instance killed");
        Subject subject = drill.proposed(0, 2);
        WebClient b = drill.instanceDyingAfter("BookingRescheduled", 0);
        drill.first(accept(b, subject));
        drill.awaitDeath();
        // The dead instance's lease on the proposal runs out (answer-lease) before the answer can be given again.
        Reply moved = drill.retry(() -> accept(a(), subject), 200);
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL", moved.id(), "BOOKED"));
        drill.report(0, 2);
    }

    @Test
    @Order(24)
    void decline_killed_after_the_ack() throws IOException {
        Drill drill = new Drill("t21) decline, instance killed");
        Subject subject = drill.proposed(0, 2);
        WebClient b = drill.instanceDyingAfter("BookingCancelled:WITHDRAWN_BY_HALL", 0);
        drill.first(decline(b, subject));
        drill.awaitDeath();
        drill.retry(() -> decline(a(), subject), 204);
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        drill.proposalIs(subject, "DECLINED");
        drill.report(0, 2);
    }

    @Test
    @Order(25)
    void withdrawal_killed_after_the_ack() throws IOException {
        Drill drill = new Drill("t22) withdraw, instance killed");
        Subject subject = drill.proposed(0, 2);
        WebClient b =
                drill.instanceDyingAfter("BookingCancelled:WITHDRAWN_BY_HALL", drill.secondsPastTheDeadline(subject));
        // The token is issued on this instance's clock, moved as far as the dying one's.
        drill.pastTheDeadline(subject);
        drill.first(accept(b, subject));
        drill.awaitDeath();
        drill.pastTheDeadline(subject);
        drill.retryUntil(() -> accept(a(), subject), reply -> "PROPOSAL_EXPIRED".equals(reply.code()));
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        drill.proposalIs(subject, "EXPIRED");
        drill.report(0, 2);
    }

    /** Its own instance's expiry withdraws the proposal and dies; the drill's instance finishes. */
    @Test
    @Order(26)
    void expiry_killed_after_the_ack() throws IOException {
        Drill drill = new Drill("t23) expire, instance killed");
        Subject subject = drill.proposed(0, 2);
        drill.instanceDyingAfter(
                "BookingCancelled:WITHDRAWN_BY_HALL",
                drill.secondsPastTheDeadline(subject),
                "--yuyue.reschedule.expire-every=1s");
        drill.awaitDeath();
        drill.pastTheDeadline(subject);
        drill.expireUntil(subject, "EXPIRED");
        drill.settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        drill.report(0, 2);
    }

    /**
     * The dying instance's sweep marks every hall's bookings of that day, not only this drill's
     * (the halt waits for this drill's hall): the other drills' bookings it strikes belong to agents
     * of their own ({@link #freshAgent}), so no drill before or after it is locked out.
     */
    @Test
    @Order(27)
    void no_show_killed_after_the_ack() throws IOException {
        Drill drill = new Drill("t24) no-show, instance killed");
        Subject subject = drill.book(0);
        drill.instanceDyingAfter(
                "BookingMarkedNoShow", drill.secondsUntilAfterTheDay(), "--yuyue.no-shows.sweep-every=1s");
        drill.awaitDeath();
        drill.afterTheDay();
        drill.sweepNoShowsUntilRecorded(subject);
        drill.settled(Map.of(subject.id(), "NO_SHOW"));
        drill.strikes(subject, 1);
        drill.report(0);
    }

    // ---- requests --------------------------------------------------------------------------------

    private static WebClient a() {
        return bench.client();
    }

    private static Reply cancel(WebClient client, Subject subject) {
        return send(client.delete()
                .uri("/api/v1/bookings/{id}", subject.id())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + subject.token()));
    }

    private static Reply checkIn(WebClient client, Drill drill, Subject subject) {
        return send(client.post()
                .uri("/api/v1/admin/halls/{hall}/check-ins", drill.scenario.hallCode())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin(drill.scenario.hallCode()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("appointmentNo", subject.appointmentNo(), "taxpayerName", "张三")));
    }

    private static Reply propose(WebClient client, Drill drill, Subject subject, int toSlot) {
        return send(client.post()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}/reschedule", drill.scenario.hallCode(), subject.id())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin(drill.scenario.hallCode()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "date",
                        drill.scenario.day().toString(),
                        "start",
                        drill.scenario.starts().get(toSlot),
                        "reason",
                        "系统故障")));
    }

    private static Reply accept(WebClient client, Subject subject) {
        return send(client.post()
                .uri("/api/v1/bookings/{id}/reschedule/accept", subject.id())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + subject.token()));
    }

    private static Reply decline(WebClient client, Subject subject) {
        return send(client.post()
                .uri("/api/v1/bookings/{id}/reschedule/decline", subject.id())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + subject.token()));
    }

    private static Reply send(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(response -> response.bodyToMono(Map.class)
                        .onErrorResume(unreadable -> Mono.just(Map.of()))
                        .defaultIfEmpty(Map.of())
                        .map(body -> new Reply(response.statusCode().value(), body)))
                .onErrorResume(failure -> Mono.just(
                        new Reply(-1, Map.of("code", failure.getClass().getSimpleName()))))
                .block(PATIENCE);
    }

    /** A hall admin of the hall, signed in once per drill run. */
    private static String admin(String hallCode) {
        return ADMINS.computeIfAbsent(hallCode, hall -> {
            String username = AccountSeeding.hallAdmin(hall);
            String[] token = new String[1];
            // Each try resets the password afresh, so a sign-in that timed out is simply tried again.
            await().atMost(PATIENCE).ignoreExceptions().until(() -> {
                Map<?, ?> reset = staffWeb.post()
                        .uri("/api/v1/admin/accounts/{username}/password-reset", username)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + operator)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody();
                token[0] = StaffFixtures.activate(staffWeb, username, String.valueOf(reset.get("initialPassword")));
                return token[0] != null;
            });
            return token[0];
        });
    }

    /**
     * A token for a phone nobody else books with. The sell-outs take one each, as the subjects do:
     * the no-show sweep of an instance whose clock is past the drills' day strikes every hall's
     * bookings of that day, and agents shared across drills would collect their third strike there
     * and be locked out (423 {@code BOOKER_LOCKED}) of every sell-out after it.
     */
    private static String freshAgent() {
        return TestPhoneTokens.tokenFor(bench.instance(), freshPhone());
    }

    private static TestClock clock() {
        return bench.instance().getBean(TestClock.class);
    }

    private static DatabaseClient database() {
        return bench.instance().getBean(DatabaseClient.class);
    }

    /** An HTTP answer: status (-1 when the connection failed) and body. */
    record Reply(int status, Map<?, ?> body) {

        String code() {
            return body.get("code") == null ? null : String.valueOf(body.get("code"));
        }

        String id() {
            return body.get("id") == null ? null : String.valueOf(body.get("id"));
        }

        @Override
        public String toString() {
            return status + (code() == null ? "" : " " + code());
        }
    }

    /** The booking a drill moves through its transition, and the agent who made it. */
    record Subject(String id, String phone, String start, String appointmentNo) {

        /**
         * A phone token valid at the drill clock's now: tokens live 30 minutes, and the drills
         * move the clock hours ahead (past a proposal's deadline).
         */
        String token() {
            return TestPhoneTokens.tokenFor(bench.instance(), phone);
        }
    }

    /** One drill: its hall-day, the bookings made, the answers heard, the figures reported. */
    private static final class Drill {

        private final String name;
        private final Scenario scenario;
        private final HallDay hallDay;
        private final List<Answer> bookings = new ArrayList<>();
        private final List<Reply> transitions = new ArrayList<>();
        private Reply first;
        private Instant faultAt;
        private Duration recovery = Duration.ZERO;
        private Fault armed;

        Drill(String name) {
            this.name = name;
            this.scenario = bench.scenario(HALLS.getAndIncrement());
            this.hallDay = new HallDay(scenario.hallCode(), scenario.day());
        }

        /** A booking in the slot, by an agent of its own (a no-show strike never touches another drill's agent). */
        Subject book(int slot) {
            String phone = freshPhone();
            String token = TestPhoneTokens.tokenFor(bench.instance(), phone);
            String start = scenario.starts().get(slot);
            Answer answer = DrillLoad.book(
                            a(), token, scenario.hallCode(), scenario.day(), start, nextTaxpayer(), newKey())
                    .block(PATIENCE);
            assertThat(answer.status()).as("booking the drill's subject").isEqualTo(201);
            bookings.add(answer);
            Reply view = send(a().get()
                    .uri("/api/v1/bookings/{id}", answer.bookingId())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
            return new Subject(
                    answer.bookingId(), phone, start, String.valueOf(view.body().get("appointmentNo")));
        }

        /** A booking in {@code slot} with a durable proposal to move to {@code toSlot}. */
        Subject proposed(int slot, int toSlot) {
            Subject subject = book(slot);
            assertThat(propose(a(), this, subject, toSlot).status())
                    .as("proposal")
                    .isEqualTo(201);
            awaitDurable(subject.id(), "RESCHEDULE_PROPOSED");
            return subject;
        }

        void arm(String transition, Fault fault) {
            armed = fault;
            FaultInjection.TRANSITION_FAULT.set(new Armed(transition, scenario.hallCode(), fault));
        }

        void first(Reply reply) {
            first = reply;
            faultAt = Instant.now();
            transitions.add(reply);
            if (FaultInjection.TRANSITION_FAULT.get() != null) {
                throw new AssertionError(name + ": the armed fault never fired; first answer " + reply);
            }
        }

        /** Retries until the answer is one of {@code statuses}; the last answer. */
        Reply retry(java.util.function.Supplier<Reply> request, int... statuses) {
            return retryUntil(
                    request, reply -> java.util.Arrays.stream(statuses).anyMatch(status -> status == reply.status()));
        }

        Reply retryUntil(java.util.function.Supplier<Reply> request, java.util.function.Predicate<Reply> answered) {
            Reply[] last = new Reply[1];
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
                last[0] = request.get();
                transitions.add(last[0]);
                return answered.test(last[0]);
            });
            return last[0];
        }

        /**
         * Waits until PostgreSQL and Redis both hold each booking in its expected status and every
         * slot's places add up; then the writer's lag is 0 and the appointment numbers are unique.
         */
        void settled(Map<String, String> statuses) {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                statuses.forEach((id, status) -> {
                    assertThat(durableStatus(id)).as("%s in PostgreSQL", id).isEqualTo(status);
                    assertThat(liveStatus(id)).as("%s in Redis", id).isEqualTo(status);
                });
                assertPlacesAddUp();
            });
            if (faultAt != null) {
                recovery = Duration.between(faultAt, Instant.now());
            }
            if (armed == Fault.REDIS_STEP_FAILS) {
                // The request's own step, or the writer's second chance if that came first.
                assertThat(FaultInjection.REDIS_STEPS_FAILED.get())
                        .as("Redis steps failed as armed")
                        .isEqualTo(1);
            }
            bench.awaitWriterCaughtUp();
            bench.assertAppointmentNumbersUnique(scenario);
            assertPlacesAddUp();
        }

        /** PostgreSQL, Redis and the proposal agree on one of the two outcomes. */
        void settledAsOneOf(Subject subject, String... outcomes) {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                String durable = durableStatus(subject.id());
                assertThat(durable).isIn((Object[]) outcomes);
                assertThat(liveStatus(subject.id())).as("in Redis").isEqualTo(durable);
                assertThat(proposalStatus(subject).orElse("NONE"))
                        .as("proposal")
                        .isEqualTo(durable.equals("RESCHEDULE_PROPOSED") ? "PROPOSED" : "NONE");
                assertPlacesAddUp();
            });
            recovery = Duration.between(faultAt, Instant.now());
        }

        /**
         * For every slot: places left in Redis + places PostgreSQL holds + places held for open
         * proposals = capacity. Nothing sold twice, nothing leaked.
         */
        void assertPlacesAddUp() {
            Map<LocalTime, Integer> remaining = bench.instance()
                    .getBean(RedisSlotInventory.class)
                    .remaining(hallDay)
                    .block(PATIENCE);
            Map<String, Long> held = count("SELECT slot_start::text AS slot, count(*) AS n FROM bookings WHERE "
                    + "hall_code = :hall AND day = :day AND status IN ('BOOKED', 'CHECKED_IN', 'RESCHEDULE_PROPOSED', "
                    + "'NO_SHOW') GROUP BY slot_start");
            Map<String, Long> holds = count("SELECT new_start::text AS slot, count(*) AS n FROM reschedule_proposals "
                    + "WHERE new_hall_code = :hall AND new_day = :day AND status = 'PROPOSED' GROUP BY new_start");
            for (String start : scenario.starts()) {
                int left = remaining.get(LocalTime.parse(start));
                long taken = held.getOrDefault(start + ":00", held.getOrDefault(start, 0L))
                        + holds.getOrDefault(start + ":00", holds.getOrDefault(start, 0L));
                assertThat(left + taken)
                        .as("slot %s: %d left in Redis, %d held in PostgreSQL and proposals", start, left, taken)
                        .isEqualTo(scenario.capacity());
                assertThat(taken).as("slot %s oversold", start).isLessThanOrEqualTo(scenario.capacity());
            }
        }

        private Map<String, Long> count(String sql) {
            return database()
                    .sql(sql)
                    .bind("hall", scenario.hallCode())
                    .bind("day", scenario.day())
                    .map(row -> Map.entry(row.get("slot", String.class), row.get("n", Long.class)))
                    .all()
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                    .block(PATIENCE);
        }

        String durableStatus(String id) {
            return database()
                    .sql("SELECT status FROM bookings WHERE id = :id")
                    .bind("id", id)
                    .map(row -> row.get("status", String.class))
                    .one()
                    .blockOptional(PATIENCE)
                    .orElse("MISSING");
        }

        String liveStatus(String id) {
            Optional<String> record = bench.instance()
                    .getBean(RedisSlotInventory.class)
                    .record(hallDay, id)
                    .block(PATIENCE);
            if (record.isEmpty()) {
                return "MISSING";
            }
            Matcher matcher = STATUS.matcher(record.get());
            return matcher.find() ? matcher.group(1) : "UNKNOWN";
        }

        void awaitDurable(String id, String status) {
            await().atMost(PATIENCE).until(() -> durableStatus(id), status::equals);
        }

        Optional<String> proposalStatus(Subject subject) {
            return database()
                    .sql("SELECT status FROM reschedule_proposals WHERE booking_id = :id")
                    .bind("id", subject.id())
                    .map(row -> row.get("status", String.class))
                    .one()
                    .blockOptional(PATIENCE);
        }

        void proposalIs(Subject subject, String status) {
            await().atMost(SETTLE)
                    .untilAsserted(() -> assertThat(proposalStatus(subject)).contains(status));
        }

        String newBookingOf(Subject subject) {
            return database()
                    .sql("SELECT new_booking_id FROM reschedule_proposals WHERE booking_id = :id")
                    .bind("id", subject.id())
                    .map(row -> row.get("new_booking_id", String.class))
                    .one()
                    .block(PATIENCE);
        }

        /** Ends an open proposal the ordinary way (declined) and checks the end state. */
        void endProposal(Subject subject) {
            FaultInjection.disarm();
            retry(() -> decline(a(), subject), 204);
            settled(Map.of(subject.id(), "WITHDRAWN_BY_HALL"));
        }

        // ---- time --------------------------------------------------------------------------------

        private ZonedDateTime slotStart(Subject subject) {
            return scenario.day().atTime(LocalTime.parse(subject.start())).atZone(ProvinceTime.ZONE);
        }

        void atSlotStart(Subject subject) {
            clock().setNow(slotStart(subject));
        }

        long secondsUntilSlotStart(Subject subject) {
            return Duration.between(Instant.now(), slotStart(subject).toInstant())
                    .toSeconds();
        }

        private ZonedDateTime afterTheDayAt() {
            return scenario.day().atTime(23, 0).atZone(ProvinceTime.ZONE);
        }

        void afterTheDay() {
            clock().setNow(afterTheDayAt());
        }

        long secondsUntilAfterTheDay() {
            return Duration.between(Instant.now(), afterTheDayAt().toInstant()).toSeconds();
        }

        private ZonedDateTime deadline(Subject subject) {
            return OffsetDateTime.parse(String.valueOf(send(a().get()
                                    .uri("/api/v1/bookings/{id}/reschedule", subject.id())
                                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + subject.token()))
                            .body()
                            .get("deadline")))
                    .atZoneSameInstant(ProvinceTime.ZONE);
        }

        void pastTheDeadline(Subject subject) {
            clock().setNow(deadline(subject).plusMinutes(1));
        }

        long secondsPastTheDeadline(Subject subject) {
            return Duration.between(
                            Instant.now(), deadline(subject).plusMinutes(1).toInstant())
                    .toSeconds();
        }

        // ---- sweeps ------------------------------------------------------------------------------

        void sweepNoShows() {
            Long recorded = bench.instance()
                    .getBean(MarkingNoShows.class)
                    .sweep(hallDay)
                    .block(PATIENCE);
            faultAt = Instant.now();
            transitions.add(new Reply(0, Map.of("code", "sweep recorded " + recorded)));
            if (FaultInjection.TRANSITION_FAULT.get() != null) {
                throw new AssertionError(name + ": the armed fault never fired");
            }
        }

        void sweepNoShowsUntilRecorded(Subject subject) {
            if (faultAt == null) {
                faultAt = Instant.now();
            }
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
                bench.instance().getBean(MarkingNoShows.class).sweep(hallDay).block(PATIENCE);
                return strikes(subject) >= 1 && "NO_SHOW".equals(durableStatus(subject.id()));
            });
            // Once recorded, a further sweep counts nothing more.
            bench.instance().getBean(MarkingNoShows.class).sweep(hallDay).block(PATIENCE);
        }

        void expireUntil(Subject subject, String outcome) {
            if (faultAt == null) {
                faultAt = Instant.now();
            }
            Object expiry = bench.instance().getBean(expiryType());
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
                Object expired = ((Mono<?>) expireOverdue().invoke(expiry)).block(PATIENCE);
                transitions.add(new Reply(0, Map.of("code", "expired " + expired)));
                return proposalStatus(subject).filter(outcome::equals).isPresent();
            });
        }

        long strikes(Subject subject) {
            return database()
                    .sql("SELECT count(*) AS n FROM booker_no_shows WHERE booking_id = :id")
                    .bind("id", subject.id())
                    .map(row -> row.get("n", Long.class))
                    .one()
                    .block(PATIENCE);
        }

        void strikes(Subject subject, long expected) {
            assertThat(strikes(subject))
                    .as("no-show strikes of %s", subject.id())
                    .isEqualTo(expected);
            Long locks = database()
                    .sql("SELECT count(*) AS n FROM booker_locks l JOIN bookings b ON b.phone = l.phone "
                            + "WHERE b.id = :id AND l.unlocked_at IS NULL")
                    .bind("id", subject.id())
                    .map(row -> row.get("n", Long.class))
                    .one()
                    .block(PATIENCE);
            assertThat(locks).as("booker locks").isZero();
        }

        /** The slot ends without a check-in: a booking that is no longer BOOKED is never struck. */
        void noStrikeAfterTheSlot(Subject subject) {
            afterTheDay();
            try {
                bench.instance().getBean(MarkingNoShows.class).sweep(hallDay).block(PATIENCE);
            } finally {
                clock().reset();
            }
            strikes(subject, 0);
        }

        // ---- the second instance -----------------------------------------------------------------

        /**
         * An instance in its own JVM that halts right after Kafka acknowledged the {@code transition}
         * of this drill's hall, its clock {@code clockOffsetSeconds} ahead.
         */
        WebClient instanceDyingAfter(String transition, long clockOffsetSeconds, String... settings)
                throws IOException {
            int port = DrillInstance.freePort();
            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("spring.main.sources", FaultInjection.class.getName());
            overrides.put("drill.halt-after-ack", transition);
            overrides.put("drill.halt-hall", scenario.hallCode());
            overrides.put("drill.clock-offset-seconds", String.valueOf(clockOffsetSeconds));
            // Until its session times out (45 s by default) the dead instance stays in the writer's
            // consumer group and holds its partitions: answers and sweeps on the drill's instance
            // wait for the writer meanwhile. The broker's shortest session keeps that wait short.
            overrides.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
            overrides.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "2000");
            // It halts only once Kafka acknowledged the event. The drill's short timeouts would turn a
            // slow acknowledgement on a loaded machine into a 503 and an instance that lives on; this
            // instance is not the one whose timeouts are drilled, so it waits for the broker generously.
            overrides.put("yuyue.booking.event-timeout", "10s");
            overrides.put("yuyue.kafka.request-timeout", "5s");
            overrides.put("spring.data.redis.timeout", "10s");
            // Must exceed twice the event timeout (checked at start); this instance makes no claims.
            overrides.put("yuyue.booking.abandoned-claim-after", "25s");
            for (String setting : settings) {
                String[] pair = setting.substring(2).split("=", 2);
                overrides.put(pair[0], pair[1]);
            }
            List<String> arguments = new ArrayList<>();
            for (String argument : bench.arguments(port)) {
                String key = argument.substring(2).split("=", 2)[0];
                if (!overrides.containsKey(key)) {
                    arguments.add(argument);
                }
            }
            overrides.forEach((key, value) -> arguments.add("--" + key + "=" + value));
            Path log = Path.of("target", "drill-transitions-" + name.replaceAll("\\W+", "-") + ".log");
            instanceB = DrillInstance.inItsOwnJvm(SHORT_LIVED_JVM, arguments, port, log);
            return DrillLoad.client(port);
        }

        void awaitDeath() {
            await().atMost(PATIENCE).until(() -> !instanceB.isAlive());
            assertThat(instanceB.exitValue())
                    .as("the instance halted after the ack")
                    .isEqualTo(137);
            if (faultAt == null) {
                faultAt = Instant.now();
            }
        }

        // ---- report ------------------------------------------------------------------------------

        /**
         * Books the slots the drill touched until each is full (the places left must be exactly the
         * ones PostgreSQL does not hold), then reports.
         */
        void report(int... slots) {
            clock().reset();
            List<Answer> answers = new ArrayList<>(bookings);
            for (int slot : slots) {
                String start = scenario.starts().get(slot);
                int left = bench.remaining(scenario).get(LocalTime.parse(start));
                List<Answer> fill = new ArrayList<>();
                for (int i = 0; i <= left; i++) {
                    fill.add(DrillLoad.book(
                                    a(),
                                    freshAgent(),
                                    scenario.hallCode(),
                                    scenario.day(),
                                    start,
                                    nextTaxpayer(),
                                    newKey())
                            .block(PATIENCE));
                }
                assertThat(fill.stream().filter(Answer::created).count())
                        .as(
                                "places sold in %s, answers %s",
                                start, fill.stream().map(Answer::code).toList())
                        .isEqualTo(left);
                assertThat(fill.get(fill.size() - 1).code()).isEqualTo("SLOT_FULL");
                answers.addAll(fill);
            }
            Report report = bench.settle(name, scenario, answers);
            // Not assertSafe: the drill's subject no longer holds a BOOKED row once its transition ran.
            assertThat(report.oversold()).as("oversold").isZero();
            assertThat(report.lost()).as("lost").isZero();
            bench.awaitWriterCaughtUp();
            bench.assertAppointmentNumbersUnique(scenario);
            assertPlacesAddUp();
            // A 500 says "nothing was changed"; after a durable event that is a wrong answer.
            long wrong =
                    transitions.stream().filter(reply -> reply.status() == 500).count();
            String line = String.format(
                    "%-34s answers=%s wrong=%d recovery=%d ms", name, transitions, wrong, recovery.toMillis());
            System.out.println("DRILL " + line);
            try {
                Files.writeString(
                        REPORTS, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(wrong).as("answers saying nothing was changed").isZero();
        }
    }

    private static Class<?> expiryType() {
        try {
            return Class.forName("cn.yuyue.admin.reschedule.RescheduleExpiry");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The expiry's one round, package-private in its feature: the drill calls it as its schedule would. */
    private static Method expireOverdue() throws NoSuchMethodException {
        Method method = expiryType().getDeclaredMethod("expireOverdue");
        method.setAccessible(true);
        return method;
    }
}
