package cn.yuyue.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.hall.HallCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** One client cannot hold more live streams than its cap; the refusal is a problem, and closing one makes room. */
class StreamLimitIntegrationTest extends IntegrationTestSupport {

    private static final String OPEN = "OPEN";

    @LocalServerPort
    int port;

    @Autowired
    StreamLimitProperties limits;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    MeterRegistry meters;

    @Test
    void should_refuse_a_stream_beyond_the_clients_cap_with_a_problem_and_admit_one_after_a_close() {
        WebClient client = WebClient.create("http://localhost:" + port);
        String hall = catalogue.halls(null, null).get(0).code();
        List<Disposable> held = new ArrayList<>();
        double openBefore = openStreams();
        String refusal = null;
        try {
            // Other tests may still hold streams from this address: the refusal comes at the cap or before.
            for (int i = 0; i <= limits.perClient() && refusal == null; i++) {
                Attempt attempt = open(client, hall);
                held.add(attempt.connection());
                if (!OPEN.equals(attempt.first())) {
                    refusal = attempt.first();
                }
            }
            assertThat(refusal)
                    .as("an answer to a stream beyond the cap of " + limits.perClient())
                    .startsWith("429 Retry-After=" + limits.retryAfter().toSeconds() + " application/problem+json")
                    .contains("\"code\":\"RATE_LIMITED\"");

            held.remove(0).dispose();
            // The server frees the slot when it sees the connection go, a moment later.
            await().atMost(patience()).until(() -> {
                Attempt again = open(client, hall);
                held.add(again.connection());
                return OPEN.equals(again.first());
            });
        } finally {
            held.forEach(Disposable::dispose);
        }
        // The tests after this one open streams from the same address: leave the count as it was.
        await().atMost(patience()).until(this::openStreams, open -> open <= openBefore);
    }

    @Test
    void should_tell_proxies_not_to_buffer_and_clients_when_to_reconnect() {
        WebClient client = WebClient.create("http://localhost:" + port);
        String hall = catalogue.halls(null, null).get(1).code();
        List<String> bufferingHeader = new ArrayList<>();
        // The raw first bytes of the stream: a comment and the field that sets the browser's wait.
        String raw = client.get()
                .uri("/api/v1/halls/{hall}/queue/stream", hall)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchangeToFlux(response -> {
                    bufferingHeader.addAll(response.headers().header("X-Accel-Buffering"));
                    return response.bodyToFlux(DataBuffer.class).map(buffer -> buffer.toString(StandardCharsets.UTF_8));
                })
                .blockFirst(patience());

        assertThat(bufferingHeader).containsExactly("no");
        assertThat(raw).startsWith("retry:").contains(":connected\n");
        int field = raw.indexOf("retry:") + "retry:".length();
        long retryMillis = Long.parseLong(raw.substring(field, raw.indexOf('\n', field)));
        assertThat(retryMillis).isBetween(2_000L, 10_000L);
    }

    private double openStreams() {
        return meters.get("yuyue.web.streams.open").gauge().value();
    }

    private record Attempt(String first, Disposable connection) {}

    /** Opens a stream and keeps it open; its first signal says whether it was admitted. */
    private static Attempt open(WebClient client, String hall) {
        Disposable[] connection = new Disposable[1];
        Flux<String> answers = client.get()
                .uri("/api/v1/halls/{hall}/queue/stream", hall)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchangeToFlux(response -> response.statusCode().is2xxSuccessful()
                        ? Flux.concat(Flux.just(OPEN), response.bodyToFlux(String.class))
                        : response.bodyToMono(String.class)
                                .defaultIfEmpty("")
                                .map(body -> describe(response, body))
                                .flux())
                .replay(1)
                .autoConnect(1, disposable -> connection[0] = disposable);
        String first = answers.blockFirst(Duration.ofSeconds(30));
        return new Attempt(first, connection[0]);
    }

    private static String describe(ClientResponse response, String body) {
        return response.statusCode().value() + " Retry-After="
                + response.headers().asHttpHeaders().getFirst("Retry-After")
                + " "
                + response.headers()
                        .contentType()
                        .map(type -> type.getType() + "/" + type.getSubtype())
                        .orElse("")
                + " " + body;
    }
}
