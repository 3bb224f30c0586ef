package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.YuyueApplication;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.local.EmbeddedServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live queues end to end: signed pushes over HTTP, Redis, pub/sub and SSE. Each test uses its
 * own halls, and sequences start from the wall clock, because every integration test shares one
 * application and one Redis.
 */
class QueueIntegrationTest extends IntegrationTestSupport {

    private static final ParameterizedTypeReference<ServerSentEvent<HallQueue>> SSE =
            new ParameterizedTypeReference<>() {};
    /** Rising across tests and reruns in one JVM: the wall clock in ms, then +1 per use. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    @Autowired
    QueueCredentials credentials;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    JsonMapper json;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    QueueProperties properties;

    @Autowired
    Clock clock;

    @BeforeAll
    static void startSequences() {
        SEQUENCE.accumulateAndGet(System.currentTimeMillis(), Math::max);
    }

    @Test
    void should_accept_a_signed_push_and_answer_the_snapshot_with_estimates() {
        Vendor vendor = vendorOf(hall(0));
        long sequence = SEQUENCE.incrementAndGet();
        String body = body(sequence, """
                [{"group":"综合业务","waiting":10,"serving":2},
                 {"group":"发票业务","waiting":3,"serving":1,"estimatedWaitMinutes":7}]""");

        vendor.push(body).expectStatus().isNoContent();

        web.get()
                .uri("/api/v1/halls/{hall}/queue", vendor.hall())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.hallCode")
                .isEqualTo(vendor.hall())
                .jsonPath("$.stale")
                .isEqualTo(false)
                .jsonPath("$.updatedAt")
                .value(updatedAt -> assertThat(body).contains((String) updatedAt))
                .jsonPath("$.groups[0].group")
                .isEqualTo("综合业务")
                .jsonPath("$.groups[0].waiting")
                .isEqualTo(10)
                .jsonPath("$.groups[0].serving")
                .isEqualTo(2)
                .jsonPath("$.groups[0].estimatedWaitMinutes")
                .isEqualTo(30)
                .jsonPath("$.groups[1].estimatedWaitMinutes")
                .isEqualTo(7);
    }

    @Test
    void should_reject_missing_wrong_old_and_replayed_signatures() {
        Vendor vendor = vendorOf(hall(1));
        String body = body(SEQUENCE.incrementAndGet(), "[]");
        long now = clock.instant().getEpochSecond();

        web.put()
                .uri(vendor.path())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(QueueProblems.QUEUE_AUTH_FAILED);
        vendor.send(
                        body.replace("[]", "[{\"group\":\"综合业务\",\"waiting\":1,\"serving\":1}]"),
                        now,
                        vendor.signature(body, now))
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(QueueProblems.QUEUE_AUTH_FAILED);
        long old = now - properties.signatureWindow().toSeconds() - 60;
        vendor.send(body, old, vendor.signature(body, old))
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.serverTime")
                .isNumber();
        Vendor stranger = new Vendor(
                vendor.hall(),
                "unknown-key-1",
                RequestSignature.privateKey(vendorOf(hall(2)).credential().privateKeyPkcs8Base64()));
        stranger.push(body).expectStatus().isUnauthorized();

        String signature = vendor.signature(body, now);
        vendor.send(body, now, signature).expectStatus().isNoContent();
        vendor.send(body, now, signature)
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("used before"));
    }

    @Test
    void should_refuse_a_revoked_or_rotated_credential() {
        Vendor first = vendorOf(hall(3));
        first.push(body(SEQUENCE.incrementAndGet(), "[]")).expectStatus().isNoContent();

        QueueCredentials.IssuedCredential rotated =
                credentials.rotate(first.hall(), Duration.ZERO).block(patience());
        first.push(body(SEQUENCE.incrementAndGet(), "[]")).expectStatus().isUnauthorized();
        Vendor second = vendor(rotated);
        second.push(body(SEQUENCE.incrementAndGet(), "[]")).expectStatus().isNoContent();

        credentials.revoke(second.credential().keyId()).block(patience());
        second.push(body(SEQUENCE.incrementAndGet(), "[]")).expectStatus().isUnauthorized();
    }

    @Test
    void should_forbid_writing_another_halls_state() {
        Vendor hallA = vendorOf(hall(4));
        String hallB = hall(5);
        Vendor hallAPretendingB = new Vendor(
                hallB,
                hallA.credential().keyId(),
                RequestSignature.privateKey(hallA.credential().privateKeyPkcs8Base64()));

        hallAPretendingB
                .push(body(SEQUENCE.incrementAndGet(), "[]"))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void should_answer_409_for_a_sequence_that_is_not_newer() {
        Vendor vendor = vendorOf(hall(6));
        long sequence = SEQUENCE.addAndGet(10);
        vendor.push(body(sequence, "[]")).expectStatus().isNoContent();

        vendor.push(body(sequence, "[{\"group\":\"综合业务\",\"waiting\":1,\"serving\":1}]"))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(QueueProblems.STALE_SEQUENCE)
                .jsonPath("$.lastSequence")
                .isEqualTo(sequence);
        vendor.push(body(sequence - 5, "[]")).expectStatus().isEqualTo(409);
    }

    @Test
    void should_answer_400_naming_the_bad_fields() {
        Vendor vendor = vendorOf(hall(7));

        vendor.push("{\"sequence\": ")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("body");
        vendor.push(body(SEQUENCE.incrementAndGet(), "[{\"group\":\"综合业务\",\"waiting\":-1,\"serving\":1}]"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("groups[0].waiting");
        vendor.push("").expectStatus().isBadRequest();
    }

    @Test
    void should_answer_unknown_halls_and_cities_and_halls_without_state() {
        web.get()
                .uri("/api/v1/halls/00000000/queue")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("HALL_NOT_FOUND");
        web.get()
                .uri("/api/v1/halls/00000000/queue/stream")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("HALL_NOT_FOUND");
        web.get()
                .uri("/api/v1/queue/stream?city=3401")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");
        web.get()
                .uri("/api/v1/queue/stream?city=110100")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(QueueProblems.CITY_NOT_FOUND);
        web.get()
                .uri("/api/v1/halls/{hall}/queue", hall(8))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.stale")
                .isEqualTo(true)
                .jsonPath("$.groups.length()")
                .isEqualTo(0);
    }

    @Test
    void should_stream_the_current_state_then_each_change_in_order() {
        Vendor vendor = vendorOf(hall(9));
        long first = SEQUENCE.incrementAndGet();
        vendor.push(body(first, "[]")).expectStatus().isNoContent();
        List<ServerSentEvent<HallQueue>> events = new CopyOnWriteArrayList<>();
        Disposable watching =
                stream("/api/v1/halls/" + vendor.hall() + "/queue/stream", null).subscribe(events::add);
        try {
            await().atMost(patience()).until(() -> !events.isEmpty());
            assertThat(events.get(0).event()).isEqualTo("queue");
            assertThat(events.get(0).id()).isEqualTo(vendor.hall() + ":" + first);

            long last = 0;
            for (int i = 1; i <= 5; i++) {
                last = SEQUENCE.incrementAndGet();
                vendor.push(body(last, "[{\"group\":\"综合业务\",\"waiting\":" + i + ",\"serving\":1}]"))
                        .expectStatus()
                        .isNoContent();
            }

            String lastId = vendor.hall() + ":" + last;
            await().atMost(patience())
                    .until(() -> events.get(events.size() - 1).id().equals(lastId));
            List<Long> sequences =
                    events.stream().map(event -> sequenceOf(event.id())).toList();
            assertThat(sequences).isSorted().doesNotHaveDuplicates();
            assertThat(events.get(events.size() - 1).data().groups().get(0).waiting())
                    .isEqualTo(5);
        } finally {
            watching.dispose();
        }
    }

    @Test
    void should_resume_after_last_event_id_without_missing_the_latest_state() {
        Vendor vendor = vendorOf(hall(10));
        long seen = SEQUENCE.incrementAndGet();
        vendor.push(body(seen, "[]")).expectStatus().isNoContent();
        long missed = SEQUENCE.incrementAndGet();
        vendor.push(body(missed, "[]")).expectStatus().isNoContent();
        String path = "/api/v1/halls/" + vendor.hall() + "/queue/stream";

        List<String> behind = new CopyOnWriteArrayList<>();
        Disposable resumedBehind = stream(path, vendor.hall() + ":" + seen)
                .map(ServerSentEvent::id)
                .subscribe(behind::add);
        List<String> upToDate = new CopyOnWriteArrayList<>();
        Disposable resumedCurrent = stream(path, vendor.hall() + ":" + missed)
                .map(ServerSentEvent::id)
                .subscribe(upToDate::add);
        try {
            await().atMost(patience()).until(() -> !behind.isEmpty());
            assertThat(behind).containsExactly(vendor.hall() + ":" + missed);

            long next = SEQUENCE.incrementAndGet();
            vendor.push(body(next, "[]")).expectStatus().isNoContent();

            await().atMost(patience()).until(() -> !upToDate.isEmpty() && behind.size() == 2);
            assertThat(upToDate).containsExactly(vendor.hall() + ":" + next);
        } finally {
            resumedBehind.dispose();
            resumedCurrent.dispose();
        }
    }

    @Test
    void should_resume_a_city_stream_with_every_hall_except_the_one_the_client_has() {
        String city = catalogue.hall(hall(11)).map(Hall::cityCode).orElseThrow();
        List<String> cityHalls =
                catalogue.halls(city, null).stream().map(Hall::code).toList();
        Vendor vendor = vendorOf(hall(11));
        long sequence = SEQUENCE.incrementAndGet();
        vendor.push(body(sequence, "[]")).expectStatus().isNoContent();

        List<String> halls = stream("/api/v1/queue/stream?city=" + city, vendor.hall() + ":" + sequence)
                .map(event -> event.data().hallCode())
                .take(cityHalls.size() - 1)
                .collectList()
                .block(patience());

        assertThat(halls)
                .doesNotContain(vendor.hall())
                .containsExactlyInAnyOrderElementsOf(cityHalls.stream()
                        .filter(code -> !code.equals(vendor.hall()))
                        .toList());
    }

    @Test
    void should_tell_watchers_when_a_hall_falls_silent() {
        String hall = hall(12);
        long sequence = SEQUENCE.incrementAndGet();
        // As if accepted by some instance a moment before the hall's silence counts as stale.
        Instant receivedAt = clock.instant().minus(properties.staleAfter()).plusSeconds(6);
        PushedState almostStale = new PushedState(
                hall,
                sequence,
                OffsetDateTime.ofInstant(receivedAt, ProvinceTime.ZONE),
                receivedAt,
                List.of(new PushedState.Group("综合业务", 4, 2, 12)));
        List<ServerSentEvent<HallQueue>> events = new CopyOnWriteArrayList<>();
        Disposable watching =
                stream("/api/v1/halls/" + hall + "/queue/stream", null).subscribe(events::add);
        try {
            await().atMost(patience()).until(() -> !events.isEmpty());

            redis.convertAndSend(RedisQueueStates.CHANNEL, json.writeValueAsString(almostStale))
                    .block(patience());

            await().atMost(patience())
                    .until(() ->
                            events.stream().anyMatch(event -> event.id().equals(hall + ":" + sequence + ":stale")));
            assertThat(events)
                    .extracting(ServerSentEvent::id)
                    .containsSubsequence(hall + ":" + sequence, hall + ":" + sequence + ":stale");
            ServerSentEvent<HallQueue> stale = events.get(events.size() - 1);
            assertThat(stale.data().stale()).isTrue();
            assertThat(stale.data().groups())
                    .extracting(PushedState.Group::waiting)
                    .containsExactly(4);
            web.get()
                    .uri("/api/v1/halls/{hall}/queue", hall)
                    .exchange()
                    .expectBody()
                    .jsonPath("$.stale")
                    .isEqualTo(true);
        } finally {
            watching.dispose();
        }
    }

    @Test
    void should_fan_a_push_to_one_instance_out_to_a_watcher_on_another() {
        Map<String, String> second = new HashMap<>(EmbeddedServices.shared().springProperties());
        second.put("server.port", "0");
        second.put("yuyue.queue.simulator.enabled", "false");
        second.put("springdoc.pre-loading-enabled", "false");
        // As command-line arguments: they outrank application.yml (server.port: 8080).
        String[] arguments = second.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext instanceB = new SpringApplicationBuilder(YuyueApplication.class)
                .profiles("test")
                .run(arguments);
        Disposable watching = null;
        try {
            WebTestClient webB = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + instanceB.getEnvironment().getProperty("local.server.port"))
                    .responseTimeout(patience())
                    .build();
            Vendor vendor = vendorOf(hall(13));
            List<ServerSentEvent<HallQueue>> onB = new CopyOnWriteArrayList<>();
            watching = webB.get()
                    .uri("/api/v1/halls/{hall}/queue/stream", vendor.hall())
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(SSE)
                    .getResponseBody()
                    .filter(event -> event.data() != null)
                    .subscribe(onB::add);
            await().atMost(patience()).until(() -> !onB.isEmpty());

            long sequence = SEQUENCE.incrementAndGet();
            vendor.push(body(sequence, "[{\"group\":\"发票业务\",\"waiting\":8,\"serving\":2}]"))
                    .expectStatus()
                    .isNoContent();

            await().atMost(patience())
                    .until(() -> onB.stream().anyMatch(event -> event.id().equals(vendor.hall() + ":" + sequence)));
            assertThat(onB.get(onB.size() - 1).data().groups().get(0).waiting()).isEqualTo(8);
        } finally {
            if (watching != null) {
                watching.dispose();
            }
            instanceB.close();
        }
    }

    private Flux<ServerSentEvent<HallQueue>> stream(String path, String lastEventId) {
        return web.get()
                .uri(path)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", lastEventId);
                    }
                })
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                // Heartbeat comments carry no data.
                .filter(event -> event.data() != null);
    }

    /** The n-th hall of 芜湖 (340200) and beyond; no other test class pushes queue states. */
    private String hall(int index) {
        return catalogue.halls(null, null).stream()
                .filter(hall -> hall.cityCode().compareTo("340200") >= 0)
                .skip(index)
                .findFirst()
                .orElseThrow()
                .code();
    }

    private Vendor vendorOf(String hallCode) {
        return vendor(credentials.issue(hallCode).block(patience()));
    }

    private Vendor vendor(QueueCredentials.IssuedCredential issued) {
        Vendor vendor = new Vendor(
                issued.hallCode(), issued.keyId(), RequestSignature.privateKey(issued.privateKeyPkcs8Base64()));
        vendor.credential = issued;
        return vendor;
    }

    private String body(long sequence, String groups) {
        return "{\"sequence\":" + sequence + ",\"observedAt\":\"" + observedAt() + "\",\"groups\":" + groups + "}";
    }

    /** Now, as a queue system in the province writes it. */
    private String observedAt() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                OffsetDateTime.now(clock.withZone(ProvinceTime.ZONE)).truncatedTo(ChronoUnit.SECONDS));
    }

    private static long sequenceOf(String id) {
        return Long.parseLong(id.split(":")[1]);
    }

    /** A hall's queue system as a vendor builds it from docs/queue-system-interface.md. */
    private final class Vendor {

        private final String hall;
        private final String keyId;
        private final java.security.PrivateKey key;
        private QueueCredentials.IssuedCredential credential;

        Vendor(String hall, String keyId, java.security.PrivateKey key) {
            this.hall = hall;
            this.keyId = keyId;
            this.key = key;
        }

        String hall() {
            return hall;
        }

        QueueCredentials.IssuedCredential credential() {
            return credential;
        }

        String path() {
            return "/api/v1/queue-systems/halls/" + hall + "/state";
        }

        String signature(String body, long timestamp) {
            return RequestSignature.sign(key, "PUT", path(), timestamp, body.getBytes(StandardCharsets.UTF_8));
        }

        WebTestClient.ResponseSpec push(String body) {
            long now = clock.instant().getEpochSecond();
            return send(body, now, signature(body, now));
        }

        WebTestClient.ResponseSpec send(String body, long timestamp, String signature) {
            return web.put()
                    .uri(path())
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(RequestSignature.KEY_ID_HEADER, keyId)
                    .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(RequestSignature.SIGNATURE_HEADER, signature)
                    .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                    .exchange();
        }
    }
}
