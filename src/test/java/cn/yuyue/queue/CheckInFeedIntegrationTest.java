package cn.yuyue.queue;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import cn.yuyue.admin.AdminTestSupport;
import cn.yuyue.drills.DrillInstance;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.local.EmbeddedServices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queue systems' pull of checked-in bookings: every check-in reaches it exactly once, in the
 * same order and under the same cursor on every instance, also when an instance that was writing
 * check-ins is killed; refused without the hall's own fresh signature; nothing personal in it.
 */
class CheckInFeedIntegrationTest extends AdminTestSupport {

    private static final Duration KILLED_INSTANCE_PATIENCE = Duration.ofSeconds(240);

    @Autowired
    QueueCredentials credentials;

    @Autowired
    JsonMapper json;

    /** A booking made for the test: what the pull must show and what it must never show. */
    private record Booked(
            String hall,
            String id,
            String appointmentNo,
            LocalDate day,
            LocalTime start,
            String taxpayerId,
            String name,
            String phone) {}

    private record Page(List<Map<?, ?>> checkIns, String cursor, String raw) {}

    @Test
    void should_hand_each_check_in_to_the_pull_once_across_instances_and_after_one_is_killed() throws Exception {
        List<String> halls = List.of(hall(200), hall(201), hall(202));
        Map<String, QueueCredentials.IssuedCredential> keys = new HashMap<>();
        halls.forEach(hall -> keys.put(hall, credentials.issue(hall).block(patience())));
        int portB = DrillInstance.freePort();
        Process instanceB = DrillInstance.inItsOwnJvm(
                DrillInstance.arguments(
                        EmbeddedServices.shared(),
                        portB,
                        List.of("--yuyue.staff.credentials-file=target/check-in-feed-credentials.csv")),
                portB,
                Path.of("target", "check-in-feed-instance-b.log"));
        try {
            WebTestClient webB = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + portB)
                    .responseTimeout(patience())
                    .build();
            Map<String, List<Booked>> booked = new HashMap<>();
            for (String hall : halls) {
                booked.put(hall, bookFour(hall));
            }
            // Two check-ins per hall; both instances' writers apply the events of their partitions.
            halls.forEach(hall -> booked.get(hall).subList(0, 2).forEach(this::checkIn));
            halls.forEach(hall -> booked.get(hall).subList(0, 2).forEach(b -> awaitDurable(b.id(), "CHECKED_IN")));

            Map<String, String> cursors = new HashMap<>();
            for (String hall : halls) {
                // One check-in per page, alternately from each instance: one cursor for both.
                List<Map<?, ?>> seen = new ArrayList<>();
                String cursor = null;
                for (int page = 0; page < 3; page++) {
                    Page answer = pull(page % 2 == 0 ? web : webB, keys.get(hall), cursor, 1);
                    assertNothingPersonal(answer, booked.get(hall));
                    seen.addAll(answer.checkIns());
                    cursor = answer.cursor();
                }
                assertThat(numbers(seen))
                        .containsExactly(
                                booked.get(hall).get(0).appointmentNo(),
                                booked.get(hall).get(1).appointmentNo());
                assertThat(pull(webB, keys.get(hall), null, 10).cursor()).isEqualTo(cursor);
                cursors.put(hall, cursor);
            }

            // Two more per hall, and the instance dies while its writer may be applying them.
            halls.forEach(hall -> booked.get(hall).subList(2, 4).forEach(this::checkIn));
            instanceB.destroyForcibly();

            for (String hall : halls) {
                List<Map<?, ?>> rest = new ArrayList<>();
                String[] cursor = {cursors.get(hall)};
                // Over a second apart: the same request signed in the same second is a replay.
                await().atMost(KILLED_INSTANCE_PATIENCE)
                        .pollInterval(Duration.ofMillis(1100))
                        .until(() -> {
                            Page answer = pull(web, keys.get(hall), cursor[0], 1);
                            assertNothingPersonal(answer, booked.get(hall));
                            rest.addAll(answer.checkIns());
                            cursor[0] = answer.cursor();
                            return rest.size() >= 2;
                        });
                assertThat(numbers(rest))
                        .containsExactlyInAnyOrder(
                                booked.get(hall).get(2).appointmentNo(),
                                booked.get(hall).get(3).appointmentNo());
                Page whole = pull(web, keys.get(hall), null, 100);
                assertThat(numbers(whole.checkIns()))
                        .containsExactlyElementsOf(numbers(
                                concat(pull(web, keys.get(hall), null, 2).checkIns(), rest)));
                assertThat(whole.checkIns()).hasSize(4);
                assertThat(whole.cursor()).isEqualTo(cursor[0]);
                assertThat(pull(web, keys.get(hall), cursor[0], 100).checkIns()).isEmpty();
            }
        } finally {
            instanceB.destroyForcibly();
        }
    }

    @Test
    void should_show_a_check_in_in_the_pull_within_a_second_or_so_and_report_it() {
        String hall = hall(203);
        QueueCredentials.IssuedCredential key = credentials.issue(hall).block(patience());
        List<Long> millis = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        String cursor = pull(web, key, null, 500).cursor();
        for (int round = 0; round < 3; round++) {
            for (Booked booking : bookFour(hall)) {
                checkIn(booking);
                long checkedInAt = System.nanoTime();
                String[] after = {cursor};
                // Polled faster than once a second: each poll asks for another page size, so that
                // no two polls are the same signed request (Ed25519 signs deterministically).
                await().atMost(patience()).pollInterval(Duration.ofMillis(20)).until(() -> {
                    Page answer = pull(web, key, after[0], 10 + polls.incrementAndGet() % 490);
                    after[0] = answer.cursor();
                    return numbers(answer.checkIns()).contains(booking.appointmentNo());
                });
                millis.add((System.nanoTime() - checkedInAt) / 1_000_000);
                cursor = after[0];
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf(
                "CHECK-IN FEED check-in answered -> seen in the pull: n=%d p50=%d ms p99=%d ms max=%d ms%n",
                sorted.size(),
                sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                sorted.get(sorted.size() - 1));
        assertThat(millis).hasSize(12);
    }

    @Test
    void should_refuse_unsigned_other_hall_replayed_and_altered_pulls() {
        String hall = hall(204);
        QueueCredentials.IssuedCredential key = credentials.issue(hall).block(patience());
        QueueCredentials.IssuedCredential otherKey =
                credentials.issue(hall(205)).block(patience());
        String target = "/api/v1/queue-systems/halls/" + hall + "/check-ins?after=0";

        problem(web.get().uri(target).exchange(), 401, QueueProblems.QUEUE_AUTH_FAILED);
        problem(signed(web, otherKey, target, target), 403, "FORBIDDEN");

        long now = Instant.now().getEpochSecond();
        String signature = RequestSignature.sign(
                RequestSignature.privateKey(key.privateKeyPkcs8Base64()), "GET", target, now, new byte[0]);
        send(web, key, target, now, signature).expectStatus().isOk();
        problem(send(web, key, target, now, signature), 401, QueueProblems.QUEUE_AUTH_FAILED);

        // Signed for one cursor, sent with another: the query is part of what is signed.
        problem(signed(web, key, target, target.replace("after=0", "after=1")), 401, QueueProblems.QUEUE_AUTH_FAILED);
        String badCursor = target.replace("after=0", "after=abc");
        problem(signed(web, key, badCursor, badCursor), 400, "VALIDATION_FAILED");
        String badLimit = target + "&limit=501";
        problem(signed(web, key, badLimit, badLimit), 400, "VALIDATION_FAILED");

        credentials.revoke(key.keyId()).block(patience());
        problem(signed(web, key, target, target), 401, QueueProblems.QUEUE_AUTH_FAILED);
    }

    private List<Booked> bookFour(String hall) {
        LocalDate day = nextOpenDay(catalogue, hall);
        List<Booked> made = new ArrayList<>();
        for (int slot = 0; slot < 4; slot++) {
            String taxpayerId = freshTaxpayerId();
            String name = "孙 悟" + slot;
            String phone = freshPhone();
            LocalTime start = slot(hall, day, slot);
            Map<?, ?> booking = booked(hall, day, start, taxpayerId, name, phone);
            made.add(new Booked(
                    hall,
                    String.valueOf(booking.get("id")),
                    String.valueOf(booking.get("appointmentNo")),
                    day,
                    start,
                    taxpayerId,
                    name,
                    phone));
        }
        made.forEach(booking -> awaitDurable(booking.id(), "BOOKED"));
        return made;
    }

    /** Checks in at the guide's desk a few minutes before the slot, then puts the clock back. */
    private void checkIn(Booked booking) {
        try {
            clock.setNow(booking.day().atTime(booking.start()).minusMinutes(10).atZone(ProvinceTime.ZONE));
            web.post()
                    .uri("/api/v1/admin/halls/{hall}/check-ins", booking.hall())
                    .header(HttpHeaders.AUTHORIZATION, bearer(guide(booking.hall())))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("appointmentNo", booking.appointmentNo(), "taxpayerName", booking.name()))
                    .exchange()
                    .expectStatus()
                    .isOk();
        } finally {
            clock.reset();
        }
    }

    private Page pull(WebTestClient client, QueueCredentials.IssuedCredential key, String after, int limit) {
        String target = "/api/v1/queue-systems/halls/" + key.hallCode() + "/check-ins?"
                + (after == null ? "" : "after=" + after + "&") + "limit=" + limit;
        String raw = signed(client, key, target, target)
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        Map<?, ?> body = json.readValue(raw, Map.class);
        List<Map<?, ?>> checkIns = new ArrayList<>();
        ((List<?>) body.get("checkIns")).forEach(entry -> checkIns.add((Map<?, ?>) entry));
        return new Page(checkIns, String.valueOf(body.get("cursor")), raw);
    }

    private WebTestClient.ResponseSpec signed(
            WebTestClient client, QueueCredentials.IssuedCredential key, String signedTarget, String sentTarget) {
        long now = Instant.now().getEpochSecond();
        return send(
                client,
                key,
                sentTarget,
                now,
                RequestSignature.sign(
                        RequestSignature.privateKey(key.privateKeyPkcs8Base64()),
                        "GET",
                        signedTarget,
                        now,
                        new byte[0]));
    }

    private static WebTestClient.ResponseSpec send(
            WebTestClient client,
            QueueCredentials.IssuedCredential key,
            String target,
            long timestamp,
            String signature) {
        return client.get()
                .uri(target)
                .header(RequestSignature.KEY_ID_HEADER, key.keyId())
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(RequestSignature.SIGNATURE_HEADER, signature)
                .exchange();
    }

    private static void assertNothingPersonal(Page page, List<Booked> bookings) {
        for (Booked booking : bookings) {
            assertThat(page.raw())
                    .doesNotContain(
                            booking.id(),
                            booking.taxpayerId(),
                            booking.phone(),
                            booking.name(),
                            booking.name().replace(" ", ""));
        }
        for (Map<?, ?> entry : page.checkIns()) {
            assertThat(entry.keySet())
                    .map(String::valueOf)
                    .containsExactlyInAnyOrder("appointmentNo", "date", "start", "end", "businessTypes", "checkedInAt");
        }
    }

    private static List<String> numbers(List<Map<?, ?>> checkIns) {
        return checkIns.stream()
                .map(entry -> String.valueOf(entry.get("appointmentNo")))
                .toList();
    }

    private static List<Map<?, ?>> concat(List<Map<?, ?>> first, List<Map<?, ?>> second) {
        List<Map<?, ?>> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
