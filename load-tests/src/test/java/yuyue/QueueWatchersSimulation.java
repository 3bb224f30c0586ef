package yuyue;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Queue watchers: {@code -Dusers} server-sent-event subscribers, a share {@code -DcityShare} (0.1)
 * on {@code /api/v1/queue/stream?city=...} and the rest on single halls'
 * {@code /api/v1/halls/{code}/queue/stream}, connecting within {@code -Dramp} seconds and each
 * staying {@code -Dduration} seconds while the queue simulator pushes. Event delay is the
 * receive time minus the event's {@code updatedAt} (the simulator writes whole seconds, so the
 * delay carries up to 1 s of truncation). Events of the first {@code -DskipSeconds} (2) seconds
 * of a connection are the states current at connect, not updates, and are not measured.
 * Fails on errors (a stream refused or broken, or no event within {@code -DeventTimeout} s).
 */
public class QueueWatchersSimulation extends Simulation {

    private static final String UPDATED = "updatedAt\\\\?\"\\s*:\\s*\\\\?\"([^\"\\\\]+)";

    private final String baseUrl = Config.baseUrl();
    private final int users = Config.integer("users", 2000);
    private final int ramp = Config.integer("ramp", 60);
    private final int duration = Config.integer("duration", 120);
    private final double cityShare = Config.decimal("cityShare", 0.1);
    private final int eventTimeout = Config.integer("eventTimeout", 30);
    private final long skipMillis = Config.integer("skipSeconds", 2) * 1000L;

    private final List<String> halls = new ArrayList<>();
    private final List<String> cities = new ArrayList<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger maxConnected = new AtomicInteger();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final Stats.Bucket delays = new Stats().bucket("delay", 0);
    private volatile long fullSince;
    private volatile long fullUntil;

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .disableWarmUp()
            .userAgentHeader("yuyue-load-tests");

    public QueueWatchersSimulation() {
        Api api = new Api(baseUrl);
        TreeSet<String> cityCodes = new TreeSet<>();
        for (JsonNode hall : api.get("/api/v1/halls")) {
            halls.add(hall.path("code").asText());
            cityCodes.add(hall.path("cityCode").asText());
        }
        cities.addAll(cityCodes);
        System.out.printf("%d watchers on %d halls and %d cities (%.0f%% city streams), ramp %d s, hold %d s%n",
                users, halls.size(), cities.size(), cityShare * 100, ramp, duration);

        ScenarioBuilder watchers = scenario("queue watchers")
                .exec(this::chooseStream)
                .exec(sse("connect").sseName("queue").get("#{stream}")
                        // Each watcher is its own phone behind the ingress, as a trusted proxy says.
                        .header("X-Forwarded-For", "#{address}")
                        .await(Duration.ofSeconds(eventTimeout)).on(
                                sse.checkMessage("first state").matching(substring("updatedAt"))
                                        .check(regex(UPDATED).saveAs("updatedAt"))))
                .exec(this::connected)
                .during(Duration.ofSeconds(duration)).on(
                        exec(sse("next event").sseName("queue").setCheck()
                                .await(Duration.ofSeconds(eventTimeout)).on(
                                        sse.checkMessage("update").matching(substring("updatedAt"))
                                                .check(regex(UPDATED).saveAs("updatedAt"))))
                                .exec(this::received))
                .exec(this::disconnected)
                .exec(sse("close").sseName("queue").close());

        setUp(watchers.injectOpen(rampUsers(users).during(Duration.ofSeconds(ramp)))).protocols(protocol)
                .assertions(global().failedRequests().count().is(0L));
    }

    private Session chooseStream(Session session) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String stream = random.nextDouble() < cityShare
                ? "/api/v1/queue/stream?city=" + cities.get(random.nextInt(cities.size()))
                : "/api/v1/halls/" + halls.get(random.nextInt(halls.size())) + "/queue/stream";
        return session.set("stream", stream).set("address", Ids.clientAddress((int) session.userId()));
    }

    private Session connected(Session session) {
        if (!session.contains("updatedAt")) {
            connectFailures.incrementAndGet();
            return session.set("open", false);
        }
        int now = connected.incrementAndGet();
        maxConnected.accumulateAndGet(now, Math::max);
        if (now == users && fullSince == 0) {
            fullSince = System.currentTimeMillis();
        }
        return session.set("open", true).set("connectedAt", System.currentTimeMillis()).remove("updatedAt");
    }

    private Session received(Session session) {
        long now = System.currentTimeMillis();
        if (session.contains("updatedAt")) {
            events.incrementAndGet();
            if (now - session.getLong("connectedAt") >= skipMillis) {
                long updated = OffsetDateTime.parse(session.getString("updatedAt")).toInstant().toEpochMilli();
                delays.record(200, (int) Math.max(0, now - updated), now);
            }
        }
        return session.remove("updatedAt");
    }

    private Session disconnected(Session session) {
        if (session.getBoolean("open")) {
            if (connected.getAndDecrement() == users) {
                fullUntil = System.currentTimeMillis();
            }
        }
        return session;
    }

    @Override
    public void after() {
        long heldSeconds = fullSince == 0 ? 0 : ((fullUntil == 0 ? System.currentTimeMillis() : fullUntil) - fullSince) / 1000;
        String line = String.format(Locale.ROOT,
                "watchers_target=%d watchers_held_max=%d all_held_for_s=%d events=%d measured=%d "
                        + "delay_p50_ms=%d delay_p95_ms=%d delay_p99_ms=%d delay_max_ms=%d connect_failures=%d",
                users, maxConnected.get(), heldSeconds, events.get(), delays.total(), delays.percentile(50, false),
                delays.percentile(95, false), delays.percentile(99, false), delays.percentile(100, false),
                connectFailures.get());
        System.out.println();
        System.out.println("QUEUE WATCHERS " + line);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String pair : line.split(" ")) {
            String[] kv = pair.split("=");
            summary.put(kv[0], kv[1]);
        }
        Stats.writeSummary(summary);
    }
}
