package yuyue;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Release-time storm: pre-verified agents race for the places of a few halls' day.
 *
 * <p>Two shapes:
 * <ul>
 *   <li>without {@code -Drates}: {@code -Dusers} agents (one phone each) arrive within
 *   {@code -Dduration} seconds, each trying up to {@code -Dattempts} slots until it gets a place or
 *   none is left (the classic storm);</li>
 *   <li>with {@code -Drates=500,1000,2000}: an open-model sweep, {@code -Dduration} seconds per
 *   offered load, one booking attempt per arrival, by the {@code -Dusers} agents in turn (the
 *   benchmark's shape; {@code -Dtarget=ceiling} sends {@code GET /api/v1/business-types} instead
 *   for the HTTP ceiling of the same instance).</li>
 * </ul>
 * {@code -Dhalls=3} halls (or {@code -DhallCodes=a,b}); {@code -DhotSlot=true} aims every agent at
 * the single slot with the most places; {@code -DskipHalls=n} starts at the catalogue's n-th hall
 * (the benchmark warms up there). Afterwards the inventory is read back through the slots
 * endpoint: places sold may never exceed the places there were, and every 201 must be a place
 * taken; otherwise the run fails.
 */
public class ReleaseStormSimulation extends Simulation {

    private static final String BUSINESS = "[\"TAX_FILING\"]";

    private final String baseUrl = Config.baseUrl();
    private final boolean ceiling = "ceiling".equals(Config.string("target", "booking"));
    private final String mode = Config.string("mode", ceiling ? "ceiling" : "booking");
    private final int users = Config.integer("users", 1000);
    private final int[] rates = Config.integers("rates");
    private final int duration = Config.integer("duration", 10);
    private final int attempts = Config.integer("attempts", 3);
    private final int run = Config.run();
    private final Api api = new Api(baseUrl);
    private final Stats stats = new Stats();

    private final List<Api.Target> targets;
    /** Halls the unmeasured warm-up books on, far from the storm's. */
    private final List<Api.Target> warmupTargets;
    private final int warmup = Config.integer("warmup", 0);
    private final List<Api.Agent> agents;
    private final Map<String, AtomicLong> created = new ConcurrentHashMap<>();
    private final Set<String> full = ConcurrentHashMap.newKeySet();
    private final List<String> inventoryReport = new ArrayList<>();
    private final AtomicLong oversold = new AtomicLong();
    private final AtomicLong phantom = new AtomicLong();
    private final AtomicLong soldByApi = new AtomicLong();
    private final AtomicLong warmupCreated = new AtomicLong();

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .shareConnections()
            .disableWarmUp()
            .disableCaching()
            .acceptHeader("application/json")
            .userAgentHeader("yuyue-load-tests");

    public ReleaseStormSimulation() {
        if (ceiling) {
            targets = List.of();
            warmupTargets = List.of();
            agents = List.of();
        } else {
            targets = api.stormTargets(Config.integer("halls", 3), Config.flag("hotSlot", false),
                    Config.string("hallCodes", ""));
            targets.forEach(t -> created.put(t.id(), new AtomicLong()));
            int places = targets.stream().mapToInt(Api.Target::remainingBefore).sum();
            System.out.printf("Storm on %s: %d slots with %d places left (%s)%n", targets.get(0).date(),
                    targets.size(), places, targets.size() == 1 ? targets.get(0).id() : "halls "
                            + targets.stream().map(Api.Target::hallCode).distinct().toList());
            agents = api.verifyAgents(run, 0, users, Config.integer("setupParallel", 8));
            warmupTargets = warmup > 0
                    ? api.stormTargets(Config.integer("warmupHalls", 20), false, "", Config.integer("warmupSkipHalls", 200))
                    : List.of();
        }

        List<PopulationBuilder> steps = new ArrayList<>();
        if (warmup > 0) {
            // Unmeasured: a fresh Gatling JVM (and a service path not taken for a while) answers its
            // first seconds slowly while the JIT compiles; the levels measure the steady state.
            steps.add(warmupStep().injectOpen(constantUsersPerSec(Config.integer("warmupRate", 100)).during(warmup)));
        }
        if (rates.length == 0) {
            steps.add(classicStorm().injectOpen(rampUsers(users).during(duration)));
        } else {
            for (int rate : rates) {
                steps.add(oneAttempt(rate).injectOpen(constantUsersPerSec(rate).during(duration)));
            }
        }
        if (!ceiling) {
            steps.add(inventoryCheck().injectOpen(atOnceUsers(1)));
        }
        PopulationBuilder chain = steps.get(0);
        for (PopulationBuilder next : steps.subList(1, steps.size())) {
            chain = chain.andThen(next);
        }
        setUp(chain).protocols(protocol)
                // Errors (no answer, 5xx other than 503, a malformed request) or an oversell fail
                // the run; timings never do: they depend on the machine.
                .assertions(global().failedRequests().count().is(0L));
    }

    /** Each agent tries up to {@code attempts} slots until it has a place or all are gone. */
    private ScenarioBuilder classicStorm() {
        Stats.Bucket bucket = stats.bucket("storm", users / (double) Math.max(1, duration));
        return scenario("release storm")
                .exec(session -> session.set("attempt", 0).set("again", true))
                .asLongAs(session -> session.getBoolean("again")).on(
                        exec(session -> prepareBooking(session, true))
                                .exec(bookRequest("book"))
                                .exec(session -> {
                                    int status = record(session, bucket);
                                    boolean slotFull = status == 409 && "SLOT_FULL".equals(code(session));
                                    int attempt = session.getInt("attempt") + 1;
                                    return session.set("attempt", attempt).set("again", slotFull && attempt < attempts
                                            && full.size() < targets.size());
                                }));
    }

    private ScenarioBuilder warmupStep() {
        ChainBuilder request = ceiling
                ? exec(http("warm-up").get("/api/v1/business-types").check(status().is(200)))
                : exec(session -> prepareBooking(session, false, warmupTargets)).exec(bookRequest("warm-up"))
                        .exec(session -> {
                            if (session.contains("status") && session.getInt("status") == 201) {
                                warmupCreated.incrementAndGet();
                            }
                            return session;
                        });
        return scenario("warm-up (not measured)").exec(request);
    }

    /** One request per arrival at a fixed offered load. */
    private ScenarioBuilder oneAttempt(int rate) {
        String name = (ceiling ? "business-types" : "book") + " @" + rate + "/s";
        Stats.Bucket bucket = stats.bucket(name, rate);
        ChainBuilder request = ceiling
                ? exec(session -> session.set("t0", System.currentTimeMillis()))
                        .exec(http(name).get("/api/v1/business-types").check(status().saveAs("status"), status().is(200)))
                : exec(session -> prepareBooking(session, false)).exec(bookRequest(name));
        return scenario(name).exec(request).exec(session -> {
            record(session, bucket);
            return session;
        });
    }

    private ChainBuilder bookRequest(String name) {
        return exec(http(name).post("/api/v1/bookings")
                .header("Authorization", "Bearer #{token}")
                .header("Idempotency-Key", "#{key}")
                .header("X-Forwarded-For", "#{address}")
                .header("Content-Type", "application/json")
                .body(StringBody("#{body}"))
                // A regex, not jsonPath: parsing every answer into a JSON tree cost the load
                // generator CPU that the service under test shares.
                .check(status().saveAs("status"), regex("\"code\":\"([A-Z_]+)\"").optional().saveAs("code"),
                        status().in(201, 409, 422, 429, 503)));
    }

    private Session prepareBooking(Session session, boolean avoidFull) {
        return prepareBooking(session, avoidFull, targets);
    }

    private Session prepareBooking(Session session, boolean avoidFull, List<Api.Target> among) {
        Api.Agent agent = agents.get((int) ((session.userId() - 1) % agents.size()));
        Api.Target target = pick(avoidFull, among);
        String body = "{\"hallCode\":\"" + target.hallCode() + "\",\"date\":\"" + target.date() + "\",\"start\":\""
                + target.start() + "\",\"taxpayerId\":\"" + Ids.freshCreditCode(run)
                + "\",\"taxpayerName\":\"压测代理有限公司\",\"businessTypes\":" + BUSINESS + "}";
        return session.remove("status").remove("code")
                .set("token", agent.token()).set("address", agent.address()).set("key", Ids.key())
                .set("body", body).set("target", target.id()).set("t0", System.currentTimeMillis());
    }

    private Api.Target pick(boolean avoidFull, List<Api.Target> among) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (avoidFull) {
            List<Api.Target> open = among.stream().filter(t -> !full.contains(t.id())).toList();
            if (!open.isEmpty()) {
                return open.get(random.nextInt(open.size()));
            }
        }
        return among.get(random.nextInt(among.size()));
    }

    private int record(Session session, Stats.Bucket bucket) {
        long now = System.currentTimeMillis();
        int status = session.contains("status") ? session.getInt("status") : 0;
        bucket.record(status, (int) (now - session.getLong("t0")), now);
        stats.second(status, (int) (now - session.getLong("t0")), now);
        if (status == 201) {
            created.get(session.getString("target")).incrementAndGet();
        } else if (status == 409 && "SLOT_FULL".equals(code(session))) {
            full.add(session.getString("target"));
        }
        return status;
    }

    private static String code(Session session) {
        return session.contains("code") ? session.getString("code") : "";
    }

    /** Reads each storm hall's day back and compares the places taken with the 201s received. */
    private ScenarioBuilder inventoryCheck() {
        List<String> halls = targets.stream().map(Api.Target::hallCode).distinct().toList();
        return scenario("inventory check").foreach(halls, "hall").on(
                exec(http("sold <= capacity").get("/api/v1/halls/#{hall}/slots?date=" + targets.get(0).date())
                        .check(status().is(200), bodyString().transform(this::inventoryVerdict).is("ok"))));
    }

    private synchronized String inventoryVerdict(String body) {
        JsonNode day = Api.parse(body);
        String hall = day.path("hallCode").asText();
        String verdict = "ok";
        for (Api.Target target : targets) {
            if (!target.hallCode().equals(hall)) {
                continue;
            }
            int remaining = -1;
            for (JsonNode slot : day.path("slots")) {
                if (slot.path("start").asText().equals(target.start())) {
                    remaining = slot.path("remaining").asInt();
                }
            }
            long confirmed = created.get(target.id()).get();
            long taken = target.remainingBefore() - remaining;
            soldByApi.addAndGet(taken);
            long over = Math.max(0, confirmed - target.remainingBefore()) + (remaining < 0 ? -remaining : 0);
            oversold.addAndGet(over);
            if (confirmed > taken) {
                phantom.addAndGet(confirmed - taken);
            }
            inventoryReport.add(String.format("%s: capacity %d, free before %d, 201s %d, taken per slots endpoint %d, "
                    + "remaining %d%s", target.id(), target.capacity(), target.remainingBefore(), confirmed, taken,
                    remaining, over > 0 || confirmed > taken ? "  <-- OVERSOLD" : ""));
            if (over > 0 || confirmed > taken) {
                verdict = "oversold";
            }
        }
        return verdict;
    }

    @Override
    public void after() {
        stats.print(mode);
        stats.append(mode);
        stats.writeTimeline();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("mode", mode);
        summary.put("requests", stats.total(Stats.Bucket::total));
        summary.put("warmup_created", warmupCreated.get());
        summary.put("decisions", stats.total(Stats.Bucket::decisions));
        summary.put("errors", stats.total(Stats.Bucket::errors));
        summary.put("unexpected_4xx", stats.total(Stats.Bucket::unexpected));
        summary.put("storm_end_ms", stats.sorted().values().stream().mapToLong(Stats.Bucket::lastEnd).max().orElse(0));
        if (!ceiling) {
            int capacity = targets.stream().mapToInt(Api.Target::capacity).sum();
            int freeBefore = targets.stream().mapToInt(Api.Target::remainingBefore).sum();
            long confirmed = created.values().stream().mapToLong(AtomicLong::get).sum();
            summary.put("created", confirmed);
            summary.put("capacity", capacity);
            summary.put("free_before", freeBefore);
            summary.put("taken_per_api", soldByApi.get());
            summary.put("oversold", oversold.get() + phantom.get());
            summary.put("last_created_ms", stats.sorted().values().stream().mapToLong(Stats.Bucket::lastCreated).max().orElse(0));
            System.out.println();
            if (inventoryReport.size() <= 40) {
                inventoryReport.forEach(System.out::println);
            }
            System.out.printf("SOLD %d of %d places free before the storm (capacity %d, %d slots); taken per slots "
                            + "endpoint %d; oversold %d%n", confirmed, freeBefore, capacity, targets.size(),
                    soldByApi.get(), oversold.get() + phantom.get());
        }
        Stats.writeSummary(summary);
    }
}
