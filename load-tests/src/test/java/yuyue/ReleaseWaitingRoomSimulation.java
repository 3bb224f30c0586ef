package yuyue;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * A release behind the waiting room: {@code -Dusers} agents (10,000) for {@code -Dplaces} places
 * (300) over {@code -Dhalls} halls (10), half of them joining before the opening (spread over the
 * time until then), half after it (over {@code -DlateRamp} seconds). The set-up gives the halls
 * (from the catalogue's {@code -DskipHalls}-th, 150) a schedule with the places asked for, and adds
 * a release that opens {@code -DopenIn} seconds (75) after the agents are verified, through the
 * admin API as the province operator (the local mode's credentials file, {@code -Dcredentials}).
 *
 * <p>Each agent joins its hall's room, polls its ticket (sooner when the estimate says its turn is
 * near, at most every {@code -Dpoll} seconds, 5), and once admitted reads the hall's slots and books
 * one with free places, with its Admission-Pass, until it has a booking, none is left, or its
 * ticket turns SOLD_OUT. Reported ({@code WAITING ROOM ...}): time from the opening to each agent's
 * final answer (p50, p99), requests per agent, the share of bookings made in line order (by an
 * agent within the first places-plus-margin positions of its hall's line: those the room admits
 * at once), the stricter share where nobody ahead of the booker ended without a place (the
 * admitted race each other for slots, so a slower one among them may miss), 503s answered to
 * agents in line, and oversold places; the run fails on an oversell or an unexpected answer.
 */
public class ReleaseWaitingRoomSimulation extends Simulation {

    private static final String BUSINESS = "[\"TAX_FILING\"]";

    private final String baseUrl = Config.baseUrl();
    private final int users = Config.integer("users", 10_000);
    private final int hallCount = Config.integer("halls", 10);
    private final int placesWanted = Config.integer("places", 300);
    private final int openIn = Config.integer("openIn", 75);
    private final int lateRamp = Config.integer("lateRamp", 20);
    private final int pollSeconds = Config.integer("poll", 5);
    /** The service's yuyue.release.margin-percent: passes out beyond the places. */
    private final int margin = Config.integer("margin", 10);
    private final int run = Config.run();
    private final Api api = new Api(baseUrl);
    private final Operator operator = new Operator(api, Config.string("credentials", "target/local-credentials.csv"));

    private final List<String> halls;
    private final LocalDate day;
    private final Map<String, Integer> placesBefore = new LinkedHashMap<>();
    private final List<Api.Agent> agents;
    private final String release;
    private final long opensAtMillis;

    private final Map<Integer, AgentRecord> records = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> created = new ConcurrentHashMap<>();
    private final AtomicLong oversold = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .shareConnections()
            .disableWarmUp()
            .disableCaching()
            .acceptHeader("application/json")
            .userAgentHeader("yuyue-load-tests");

    /** What one agent went through. */
    static final class AgentRecord {
        final String hall;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger refusals503 = new AtomicInteger();
        volatile long position;
        volatile String outcome;
        volatile long finalAt;

        AgentRecord(String hall) {
            this.hall = hall;
        }
    }

    public ReleaseWaitingRoomSimulation() {
        List<String> catalogue = api.hallCodes();
        int skip = Config.integer("skipHalls", 150);
        halls = catalogue.subList(skip, skip + hallCount);
        int perHall = (int) Math.ceil(placesWanted / (double) hallCount);
        halls.forEach(hall -> operator.schedule(hall, perHall));
        day = firstOpenDay();
        halls.forEach(hall -> {
            int free = 0;
            for (JsonNode slot : api.slots(hall, day).path("slots")) {
                free += Math.max(0, slot.path("remaining").asInt());
            }
            placesBefore.put(hall, free);
            created.put(hall, new AtomicLong());
        });
        System.out.printf("Waiting room on %s: %d places at halls %s%n", day,
                placesBefore.values().stream().mapToInt(Integer::intValue).sum(), halls);
        agents = api.verifyAgents(run, 0, users, Config.integer("setupParallel", 8));
        Instant opensAt = Instant.now().plusSeconds(openIn);
        release = operator.addRelease(day, opensAt);
        opensAtMillis = opensAt.toEpochMilli();
        System.out.printf("Release %s opens at %s%n", release, opensAt);

        int early = users / 2;
        int late = users - early;
        int earlyRamp = Math.max(1, openIn - 15);
        setUp(agentScenario("joins before the opening", 0).injectOpen(rampUsers(early).during(earlyRamp))
                        .andThen(inventoryCheck().injectOpen(atOnceUsers(1))),
                agentScenario("joins after the opening", early)
                        .injectOpen(nothingFor(Duration.ofSeconds(openIn + 1)), rampUsers(late).during(lateRamp)))
                .protocols(protocol)
                .assertions(global().failedRequests().count().is(0L));
    }

    private LocalDate firstOpenDay() {
        for (int ahead = 1; ahead <= 7; ahead++) {
            LocalDate date = Config.today().plusDays(ahead);
            if (halls.stream().allMatch(hall -> api.slots(hall, date).path("open").asBoolean())) {
                return date;
            }
        }
        throw new IllegalStateException("No day in the booking window on which all of " + halls + " are open");
    }

    private ScenarioBuilder agentScenario(String name, int firstAgent) {
        AtomicInteger next = new AtomicInteger(firstAgent);
        return scenario(name)
                .exec(session -> start(session, next))
                .asLongAs(session -> !session.contains("ticket") && session.getInt("joins") < 10).on(join())
                .exec(session -> session.contains("ticket") ? session : session.set("outcome", "NO_TICKET"))
                .asLongAs(session -> !session.contains("outcome")).on(
                        exec(readTicket())
                                .doIfOrElse(session -> session.getBoolean("book")).then(book())
                                .orElse(pause(session -> Duration.ofMillis(session.getLong("pauseMs")))))
                .exec(session -> {
                    finish(session);
                    return session;
                });
    }

    private Session start(Session session, AtomicInteger next) {
        // Not from session.userId(): Gatling numbers the users of every scenario together.
        int index = next.getAndIncrement();
        Api.Agent agent = agents.get(index);
        String hall = halls.get(index % halls.size());
        records.put(index, new AgentRecord(hall));
        return session.set("index", index).set("token", agent.token()).set("address", agent.address())
                .set("hall", hall).set("release", release).set("joins", 0).set("bookings", 0).set("book", false)
                .set("pauseMs", 1000L);
    }

    private ChainBuilder join() {
        return exec(session -> session.remove("status"))
                .exec(http("join").post("/api/v1/releases/#{release}/halls/#{hall}/tickets")
                .header("Authorization", "Bearer #{token}")
                .header("X-Forwarded-For", "#{address}")
                .check(status().saveAs("status"), regex("\"ticket\":\"([^\"]+)\"").optional().saveAs("ticket"),
                        status().in(200, 201, 503)))
                .exec(session -> counted(session).set("joins", session.getInt("joins") + 1))
                .doIf(session -> !session.contains("ticket")).then(pause(1));
    }

    private ChainBuilder readTicket() {
        return exec(session -> session.remove("state").remove("pass").remove("wait").remove("position").remove("status"))
                .exec(http("ticket").get("/api/v1/releases/#{release}/tickets/#{ticket}")
                        .header("Authorization", "Bearer #{token}")
                        .header("X-Forwarded-For", "#{address}")
                        .check(status().saveAs("status"), status().in(200, 503),
                                regex("\"state\":\"([A-Z_]+)\"").optional().saveAs("state"),
                                regex("\"pass\":\"([0-9a-f]+)\"").optional().saveAs("pass"),
                                regex("\"position\":(\\d+)").optional().saveAs("position"),
                                regex("\"estimatedWaitSeconds\":(\\d+)").optional().saveAs("wait")))
                .exec(session -> {
                    Session next = counted(session).set("book", false);
                    AgentRecord record = records.get(session.getInt("index"));
                    if (session.contains("position")) {
                        record.position = Long.parseLong(session.getString("position"));
                    }
                    String state = session.contains("state") ? session.getString("state") : "";
                    switch (state) {
                        case "ADMITTED" -> {
                            return next.set("book", true);
                        }
                        case "SOLD_OUT", "EXPIRED" -> {
                            return next.set("outcome", state);
                        }
                        default -> {
                            long wait = session.contains("wait") ? Long.parseLong(session.getString("wait")) : pollSeconds;
                            long pauseMs = Math.max(1000, Math.min(pollSeconds * 1000L, wait * 500));
                            return next.set("pauseMs", pauseMs + ThreadLocalRandom.current().nextLong(250));
                        }
                    }
                });
    }

    /** Reads the hall's slots and books one with places left, with the pass. */
    private ChainBuilder book() {
        return exec(session -> session.remove("status").remove("slotsBody"))
                .exec(http("slots").get("/api/v1/halls/#{hall}/slots?date=" + day)
                        .header("X-Forwarded-For", "#{address}")
                        .check(status().saveAs("status"), status().in(200, 503), bodyString().saveAs("slotsBody")))
                .exec(session -> chooseSlot(counted(session)))
                .doIf(session -> !session.contains("outcome") && session.contains("body")).then(
                        exec(session -> session.remove("status"))
                                .exec(http("book").post("/api/v1/bookings")
                                .header("Authorization", "Bearer #{token}")
                                .header("Idempotency-Key", "#{key}")
                                .header("Admission-Pass", "#{pass}")
                                .header("X-Forwarded-For", "#{address}")
                                .header("Content-Type", "application/json")
                                .body(StringBody("#{body}"))
                                .check(status().saveAs("status"), regex("\"code\":\"([A-Z_]+)\"").optional().saveAs("code"),
                                        status().in(201, 409, 428, 503)))
                                .exec(session -> booked(counted(session))));
    }

    private Session chooseSlot(Session session) {
        Session next = session.remove("body").remove("code");
        if (!session.contains("slotsBody") || !session.contains("status") || session.getInt("status") != 200) {
            return next.set("pauseMs", 1000L);
        }
        List<String> open = new ArrayList<>();
        for (JsonNode slot : Api.parse(session.getString("slotsBody")).path("slots")) {
            if (slot.path("bookable").asBoolean() && slot.path("remaining").asInt() > 0) {
                open.add(slot.path("start").asText());
            }
        }
        if (open.isEmpty() || session.getInt("bookings") >= 10) {
            return next.set("outcome", "SOLD_OUT");
        }
        String start = open.get(ThreadLocalRandom.current().nextInt(open.size()));
        String body = "{\"hallCode\":\"" + session.getString("hall") + "\",\"date\":\"" + day + "\",\"start\":\""
                + start + "\",\"taxpayerId\":\"" + Ids.freshCreditCode(run)
                + "\",\"taxpayerName\":\"压测代理有限公司\",\"businessTypes\":" + BUSINESS + "}";
        return next.set("body", body).set("key", Ids.key()).remove("slotsBody");
    }

    private Session booked(Session session) {
        int status = session.contains("status") ? session.getInt("status") : 0;
        Session next = session.set("bookings", session.getInt("bookings") + 1).set("pauseMs", 1000L);
        if (status == 201) {
            created.get(session.getString("hall")).incrementAndGet();
            return next.set("outcome", "BOOKED");
        }
        if (status == 409 && !"SLOT_FULL".equals(session.contains("code") ? session.getString("code") : "")) {
            unexpected.incrementAndGet();
            return next.set("outcome", "REFUSED");
        }
        // SLOT_FULL: another slot; 428: the pass ran out, the ticket tells; 503: again shortly.
        return next;
    }

    private Session counted(Session session) {
        AgentRecord record = records.get(session.getInt("index"));
        record.requests.incrementAndGet();
        if (session.contains("status") && session.getInt("status") == 503) {
            record.refusals503.incrementAndGet();
        }
        return session;
    }

    private void finish(Session session) {
        AgentRecord record = records.get(session.getInt("index"));
        record.outcome = session.contains("outcome") ? session.getString("outcome") : "NO_TICKET";
        record.finalAt = System.currentTimeMillis();
    }

    /** Reads each hall's day back: places taken must equal the 201s and never exceed the places there were. */
    private ScenarioBuilder inventoryCheck() {
        // The late joiners may still be in line when the early ones are done; ten minutes at most.
        return scenario("inventory check")
                .asLongAs(session -> (records.size() < users || records.values().stream().anyMatch(r -> r.outcome == null))
                        && System.currentTimeMillis() - opensAtMillis < 600_000)
                .on(pause(1))
                .foreach(halls, "hall").on(
                        exec(http("sold <= places").get("/api/v1/halls/#{hall}/slots?date=" + day)
                                .check(status().is(200), bodyString().transform(this::inventoryVerdict).is("ok"))));
    }

    private String inventoryVerdict(String body) {
        JsonNode answer = Api.parse(body);
        String hall = answer.path("hallCode").asText();
        int remaining = 0;
        int negative = 0;
        for (JsonNode slot : answer.path("slots")) {
            remaining += Math.max(0, slot.path("remaining").asInt());
            negative += Math.max(0, -slot.path("remaining").asInt());
        }
        long confirmed = created.get(hall).get();
        long takenHere = placesBefore.get(hall) - remaining;
        taken.addAndGet(takenHere);
        long over = Math.max(0, confirmed - placesBefore.get(hall)) + negative + Math.max(0, confirmed - takenHere);
        oversold.addAndGet(over);
        return over == 0 ? "ok" : "oversold";
    }

    @Override
    public void after() {
        operator.withdraw(release);
        List<AgentRecord> all = new ArrayList<>(records.values());
        long[] toFinal = all.stream().filter(r -> r.finalAt > 0).mapToLong(r -> Math.max(0, r.finalAt - opensAtMillis))
                .sorted().toArray();
        long booked = all.stream().filter(r -> "BOOKED".equals(r.outcome)).count();
        long soldOut = all.stream().filter(r -> "SOLD_OUT".equals(r.outcome)).count();
        long other = all.size() - booked - soldOut;
        double requestsPerAgent = all.stream().mapToInt(r -> r.requests.get()).average().orElse(0);
        long refusals = all.stream().mapToLong(r -> r.refusals503.get()).sum();
        long strictOrder = 0;
        long inFront = 0;
        for (String hall : halls) {
            long firstWithout = all.stream().filter(r -> r.hall.equals(hall) && !"BOOKED".equals(r.outcome)
                    && r.position > 0).mapToLong(r -> r.position).min().orElse(Long.MAX_VALUE);
            long front = (long) Math.ceil(placesBefore.get(hall) * (1 + margin / 100.0));
            strictOrder += all.stream().filter(r -> r.hall.equals(hall) && "BOOKED".equals(r.outcome)
                    && r.position < firstWithout).count();
            inFront += all.stream().filter(r -> r.hall.equals(hall) && "BOOKED".equals(r.outcome)
                    && r.position > 0 && r.position <= front).count();
        }
        int places = placesBefore.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println();
        System.out.printf("WAITING ROOM agents=%d halls=%d places=%d booked=%d sold_out=%d other=%d unexpected=%d "
                        + "final_p50_ms=%d final_p99_ms=%d final_max_ms=%d requests_per_agent=%.1f "
                        + "in_line_order=%.3f strict_order=%.3f refusals_503_in_line=%d taken_per_slots=%d oversold=%d%n",
                all.size(), halls.size(), places, booked, soldOut, other, unexpected.get(),
                percentile(toFinal, 0.50), percentile(toFinal, 0.99), toFinal.length == 0 ? 0 : toFinal[toFinal.length - 1],
                requestsPerAgent, booked == 0 ? 0 : inFront / (double) booked,
                booked == 0 ? 0 : strictOrder / (double) booked, refusals, taken.get(), oversold.get());
        if (oversold.get() > 0) {
            throw new IllegalStateException("OVERSOLD " + oversold.get() + " places");
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
