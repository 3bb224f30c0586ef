package cn.yuyue.drills;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import cn.yuyue.booking.BookingFixtures;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Booking traffic for the drills: paced requests from many agents, and what came back. */
final class DrillLoad {

    private static final ConnectionProvider POOL = ConnectionProvider.builder("drills")
            .maxConnections(64)
            .pendingAcquireMaxCount(10_000)
            .pendingAcquireTimeout(Duration.ofSeconds(60))
            .build();

    private DrillLoad() {}

    static WebClient client(int port) {
        return WebClient.builder()
                .baseUrl("http://localhost:" + port)
                .clientConnector(
                        new ReactorClientHttpConnector(HttpClient.create(POOL).responseTimeout(Duration.ofSeconds(30))))
                .build();
    }

    /** {@code requests} bookings, one every {@code spacing}, at most {@code concurrency} at a time. */
    static Flux<Answer> run(int requests, Duration spacing, int concurrency, IntFunction<Mono<Answer>> booking) {
        return Flux.range(0, requests).delayElements(spacing).flatMap(booking::apply, concurrency);
    }

    static Mono<Answer> book(
            WebClient client,
            String token,
            String hallCode,
            LocalDate day,
            String start,
            String taxpayerId,
            String key) {
        return client.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BookingFixtures.request(hallCode, day, start, taxpayerId))
                .exchangeToMono(response -> response.bodyToMono(Map.class)
                        .defaultIfEmpty(Map.of())
                        .map(json -> new Answer(
                                response.statusCode().value(),
                                json.containsKey("id") ? String.valueOf(json.get("id")) : null,
                                json.containsKey("code") ? String.valueOf(json.get("code")) : null,
                                json.containsKey("start") ? String.valueOf(json.get("start")) : start)))
                .onErrorResume(failure -> Mono.just(new Answer(
                        -1,
                        null,
                        failure.getClass().getSimpleName() + ": "
                                + String.valueOf(failure.getMessage())
                                        .lines()
                                        .findFirst()
                                        .orElse(""),
                        start)));
    }

    /** One answer: the HTTP status (-1 when the connection failed), the booking id of a 2xx, the code. */
    record Answer(int status, String bookingId, String code, String start) {

        boolean created() {
            return status == 201;
        }
    }

    /** What a drill reports: requests, 201s, refusals by code, rows in PostgreSQL, oversold, lost. */
    record Report(
            String drill, int requests, long created, Map<String, Long> refusals, long rows, long oversold, long lost) {

        static Report of(
                String drill,
                List<Answer> answers,
                Set<String> persistedIds,
                Map<String, Long> rowsPerSlot,
                int capacityPerSlot) {
            Set<String> createdIds = answers.stream()
                    .filter(Answer::created)
                    .map(Answer::bookingId)
                    .collect(Collectors.toSet());
            Map<String, Long> refusals = answers.stream()
                    .filter(answer -> !answer.created())
                    .collect(Collectors.groupingBy(
                            answer -> answer.status() + " " + Objects.toString(answer.code(), ""),
                            TreeMap::new,
                            Collectors.counting()));
            long oversold = rowsPerSlot.values().stream()
                    .mapToLong(rows -> Math.max(0, rows - capacityPerSlot))
                    .sum();
            long lost =
                    createdIds.stream().filter(id -> !persistedIds.contains(id)).count();
            return new Report(
                    drill,
                    answers.size(),
                    createdIds.size(),
                    refusals,
                    rowsPerSlot.values().stream().mapToLong(Long::longValue).sum(),
                    oversold,
                    lost);
        }

        String line() {
            return String.format(
                    "%-28s requests=%d 201=%d refusals=%s rowsInPostgres=%d (of which settled after a 503: %d)"
                            + " oversold=%d lost=%d",
                    drill, requests, created, refusals, rows, Math.max(0, rows - created), oversold, lost);
        }
    }
}
