package cn.yuyue.queue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.ProvinceTime;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays the queue-calling systems of all halls in the local run mode, so that the live streams
 * move without any hall connected. It lives on the test classpath and is not part of the production
 * jar: it revokes every hall's keys when it starts, which in production would disconnect every real
 * queue system.
 *
 * <p>It goes through the real interface: on start it rotates a real credential for every hall
 * through {@link QueueCredentials} (so restarts need no stored keys: the previous ones are simply
 * revoked) and then pushes signed HTTP requests to this very instance, each hall every
 * {@code min-interval} to {@code max-interval}. Before each push a hall pulls its new check-ins through
 * the signed pull and serves them first at its dedicated windows ({@link SimulatedHall}), so the
 * board shows checked-in taxpayers going ahead. It starts after the web server, whose port it learns
 * from {@link WebServerInitializedEvent}, and stops before it.
 */
@Component
@ConditionalOnProperty(name = "yuyue.queue.simulator.enabled", havingValue = "true")
@EnableConfigurationProperties(QueueSimulatorProperties.class)
class QueueSimulator extends BackgroundFlow implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(QueueSimulator.class);
    private static final int ROTATION_CONCURRENCY = 4;

    private final HallCatalogue catalogue;
    private final QueueCredentials credentials;
    private final JsonMapper json;
    private final Clock clock;
    private final QueueSimulatorProperties settings;
    private volatile int port = -1;

    QueueSimulator(
            HallCatalogue catalogue,
            QueueCredentials credentials,
            JsonMapper json,
            Clock clock,
            QueueSimulatorProperties settings) {
        this.catalogue = catalogue;
        this.credentials = credentials;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // The management server, if on its own port, announces itself too; the API has no namespace.
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }

    @Override
    protected Disposable launch() {
        if (port < 0) {
            log.warn("Queue simulator not started: the web server's port is unknown");
            return null;
        }
        WebClient client =
                WebClient.builder().baseUrl("http://localhost:" + port).build();
        return halls().collectList()
                .doOnNext(halls -> log.info("Queue simulator pushing for {} halls to port {}", halls.size(), port))
                .flatMapMany(halls -> Flux.fromIterable(halls).flatMap(hall -> pushForever(client, hall), halls.size()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(2))
                        .maxBackoff(Duration.ofMinutes(1))
                        .doBeforeRetry(retry -> log.warn(
                                "Queue simulator failed, restarting: {}",
                                retry.failure().toString())))
                .subscribe(pushed -> {}, failure -> log.error("Queue simulator stopped", failure));
    }

    private Flux<SimulatedHall> halls() {
        return Flux.fromIterable(catalogue.halls(null, null))
                .flatMap(
                        hall -> credentials
                                .rotate(hall.code(), Duration.ZERO)
                                .map(issued -> new SimulatedHall(
                                        hall,
                                        issued.keyId(),
                                        RequestSignature.privateKey(issued.privateKeyPkcs8Base64()))),
                        ROTATION_CONCURRENCY);
    }

    private Mono<Void> pushForever(WebClient client, SimulatedHall hall) {
        return Mono.delay(randomDelay(Duration.ZERO, settings.minInterval()))
                .then(Mono.defer(() -> pullCheckIns(client, hall)))
                .then(Mono.defer(() -> push(client, hall)))
                .then(Mono.defer(() -> Mono.delay(randomDelay(settings.minInterval(), settings.maxInterval()))))
                .repeat()
                .then();
    }

    private Mono<Void> push(WebClient client, SimulatedHall hall) {
        StatePush state = hall.next(LocalDateTime.now(clock), clock.millis(), ThreadLocalRandom.current());
        byte[] body = json.writeValueAsBytes(state);
        String path = "/api/v1/queue-systems/halls/" + hall.hallCode() + "/state";
        long timestamp = clock.instant().getEpochSecond();
        return client.put()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .header(RequestSignature.KEY_ID_HEADER, hall.keyId())
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(
                        RequestSignature.SIGNATURE_HEADER,
                        RequestSignature.sign(hall.privateKey(), "PUT", path, timestamp, body))
                .bodyValue(body)
                .retrieve()
                .toBodilessEntity()
                .timeout(settings.requestTimeout())
                .then()
                // One hall's failed push must not stop the others; it tries again next round.
                .onErrorResume(failure -> {
                    log.warn("Simulated push for hall {} failed: {}", hall.hallCode(), failure.toString());
                    return Mono.empty();
                });
    }

    /** One page of the hall's new check-ins; today's become priority tickets. */
    private Mono<Void> pullCheckIns(WebClient client, SimulatedHall hall) {
        String target = "/api/v1/queue-systems/halls/" + hall.hallCode() + "/check-ins?after=" + hall.checkInCursor();
        long timestamp = clock.instant().getEpochSecond();
        String today = LocalDate.now(clock.withZone(ProvinceTime.ZONE)).toString();
        return client.get()
                .uri(URI.create("http://localhost:" + port + target))
                .header(RequestSignature.KEY_ID_HEADER, hall.keyId())
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(
                        RequestSignature.SIGNATURE_HEADER,
                        RequestSignature.sign(hall.privateKey(), "GET", target, timestamp, new byte[0]))
                .retrieve()
                .bodyToMono(byte[].class)
                .timeout(settings.requestTimeout())
                .map(body -> json.readValue(body, PulledPage.class))
                .doOnNext(page -> hall.checkedIn(
                        (int) page.checkIns().stream()
                                .filter(checkIn -> today.equals(checkIn.date()))
                                .count(),
                        page.cursor()))
                .then()
                // Like a failed push: this hall tries again next round, the others go on.
                .onErrorResume(failure -> {
                    log.warn("Simulated check-in pull for hall {} failed: {}", hall.hallCode(), failure.toString());
                    return Mono.empty();
                });
    }

    /** The part of a pulled page the simulator reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PulledPage(List<PulledCheckIn> checkIns, String cursor) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PulledCheckIn(String appointmentNo, String date) {}

    private static Duration randomDelay(Duration min, Duration max) {
        long spread = Math.max(1, max.toMillis() - min.toMillis());
        return min.plusMillis(ThreadLocalRandom.current().nextLong(spread));
    }
}
