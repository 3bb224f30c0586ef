package cn.yuyue.warmup;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import cn.yuyue.booking.application.BookerChecks;
import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.model.BookingWindowPolicy;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.ratelimit.InProcessCallers;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import cn.yuyue.verification.PhoneVerification;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Sends the traffic of a sold-out booking storm to this instance over the loopback, through the
 * whole request path: Netty, the filters, token checks, JSON, the rules, the per-phone rate limit,
 * the booker checks and the claim script in Redis, the problem answer. It books at the scratch
 * hall ({@link HallCatalogue#SCRATCH_HALL}), whose slots have no place, so every attempt ends
 * 409 SLOT_FULL: no claim succeeds, so no Kafka event, no PostgreSQL row and no SMS follow. The
 * warm-up's phones (from the 140 range, data-only numbers nobody books with) get tokens in-process,
 * without a code. Afterwards the scratch hall closes and its hall-day and the phones' key records
 * are removed; the phones' rate-limit counters expire within a minute.
 */
@Component
class BookingPathWarmup {

    /** A well-formed identity number (the standard's own example); it only ever meets the scratch hall. */
    private static final String TAXPAYER_ID = "11010519491231002X";

    private static final Duration CLEAN_UP_LIMIT = Duration.ofSeconds(15);

    private final HallCatalogue catalogue;
    private final SlotInventory inventory;
    private final BookerChecks bookerChecks;
    private final PhoneVerification verification;
    private final InProcessCallers inProcess;
    private final WarmupProperties properties;
    private final BookingWindowPolicy window;
    private final Clock clock;
    private final RandomGenerator random;

    BookingPathWarmup(
            HallCatalogue catalogue,
            SlotInventory inventory,
            BookerChecks bookerChecks,
            PhoneVerification verification,
            InProcessCallers inProcess,
            WarmupProperties properties,
            BookingProperties booking,
            Clock clock,
            RandomGenerator secureRandom) {
        this.catalogue = catalogue;
        this.inventory = inventory;
        this.bookerChecks = bookerChecks;
        this.verification = verification;
        this.inProcess = inProcess;
        this.properties = properties;
        this.window = new BookingWindowPolicy(booking.daysAhead(), booking.releaseTime(), booking.minimumLead());
        this.clock = clock;
        this.random = secureRandom;
    }

    /** Runs the warm-up against the server on {@code port}; completes with what it was answered. */
    Mono<WarmupReport> run(int port) {
        return Mono.defer(() -> {
                    catalogue.openScratchHall();
                    WebClient client = WebClient.builder()
                            .baseUrl("http://127.0.0.1:" + port)
                            .defaultHeader(InProcessCallers.HEADER, inProcess.secret())
                            .build();
                    Target target = target();
                    List<Booker> bookers = bookers();
                    WarmupReport report = new WarmupReport();
                    return prepare(target, report)
                            .then(reads(client, target, report))
                            .then(bookings(client, target, bookers, report))
                            .timeout(properties.timeLimit())
                            .onErrorResume(failure -> {
                                report.stopped(failure);
                                return Mono.empty();
                            })
                            // The scratch hall closes first: a claim still running in the server then
                            // cannot rebuild the scratch hall-day after it was removed.
                            .then(Mono.fromRunnable(catalogue::closeScratchHall))
                            .then(cleanUp(target, bookers))
                            .thenReturn(report);
                })
                .doFinally(signal -> catalogue.closeScratchHall());
    }

    /** The first slot of the scratch hall that the booking window lets a taxpayer book now. */
    private Target target() {
        LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
        for (int day = 0; day <= window.daysAhead(); day++) {
            LocalDate date = now.toLocalDate().plusDays(day);
            for (SlotPlan slot :
                    catalogue.plan(HallCatalogue.SCRATCH_HALL, date).slots()) {
                if (window.refusal(now, date, slot.start()).isEmpty()) {
                    return new Target(new HallDay(HallCatalogue.SCRATCH_HALL, date), slot.start());
                }
            }
        }
        throw new IllegalStateException("No bookable slot in the booking window for the warm-up");
    }

    private List<Booker> bookers() {
        int perPhone = Math.max(1, properties.attemptsPerPhone());
        int count = Math.max(1, (properties.bookings() + perPhone - 1) / perPhone);
        // A random block of the 140 range per run, so instances warming up at once do not share
        // their phones' rate limits.
        int base = random.nextInt(100_000_000 - count);
        String run = Long.toString(clock.millis(), 36);
        return IntStream.range(0, count)
                .mapToObj(index -> "140" + String.format("%08d", base + index))
                .map(phone -> new Booker(phone, verification.tokenFor(phone), "warmup-" + run + "-" + phone))
                .toList();
    }

    /**
     * Built before the storm, as a release day is, so the first attempts do not queue on the build.
     * A build waits for the booking writer to reach Kafka's end, which a loaded start-up can miss;
     * then the attempts go ahead anyway (each one asks for the build again, and may hear 503).
     */
    private Mono<Void> prepare(Target target, WarmupReport report) {
        return inventory
                .build(target.hallDay())
                .retryWhen(Retry.backoff(1, Duration.ofSeconds(1)))
                .onErrorResume(failure -> {
                    report.unprepared(failure);
                    return Mono.empty();
                });
    }

    private Mono<Void> reads(WebClient client, Target target, WarmupReport report) {
        String slots = "/api/v1/halls/" + HallCatalogue.SCRATCH_HALL + "/slots?date="
                + target.hallDay().date();
        List<String> uris = List.of("/api/v1/business-types", "/api/v1/halls?city=340100", slots);
        return Flux.range(0, properties.reads())
                .flatMap(index -> status(client.get().uri(uris.get(index % uris.size()))), properties.concurrency())
                .doOnNext(report::read)
                .then();
    }

    private Mono<Void> bookings(WebClient client, Target target, List<Booker> bookers, WarmupReport report) {
        Map<String, Object> body = Map.of(
                "hallCode",
                HallCatalogue.SCRATCH_HALL,
                "date",
                target.hallDay().date().toString(),
                "start",
                target.start().toString(),
                "taxpayerId",
                TAXPAYER_ID,
                "taxpayerName",
                "预热",
                "businessTypes",
                List.of(catalogue.businessTypes().get(0).code()));
        return Flux.range(0, properties.bookings())
                .map(index -> bookers.get(index % bookers.size()))
                .flatMap(
                        booker -> status(client.post()
                                .uri("/api/v1/bookings")
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + booker.token())
                                .header("Idempotency-Key", booker.key())
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(body)),
                        properties.concurrency())
                .doOnNext(report::booking)
                .then();
    }

    /** The answer's status; a request without one is counted as {@link WarmupReport#NO_ANSWER}, not dropped. */
    private Mono<Integer> status(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(response ->
                        response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(properties.requestTimeout())
                .onErrorReturn(WarmupReport.NO_ANSWER);
    }

    private Mono<Void> cleanUp(Target target, List<Booker> bookers) {
        Mono<Void> keys = Flux.fromIterable(bookers)
                .flatMap(booker -> bookerChecks.forget(booker.phone(), booker.key()), 8)
                .then();
        return inventory.discard(target.hallDay()).then(keys).timeout(CLEAN_UP_LIMIT);
    }

    private record Target(HallDay hallDay, LocalTime start) {}

    private record Booker(String phone, String token, String key) {}
}
