package yuyue;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Deadline week: agents arrive at {@code -Drate} (20) per second for {@code -Dduration} (120)
 * seconds, after a 10 s ramp; {@code -Dusers} (300) pre-verified phones take turns. Each arrival
 * browses a city's halls and one hall's slots on a day within the week; {@code -DbookShare} (0.6)
 * of them book a slot with places left, read the booking and their list, and
 * {@code -DcancelShare} (0.25) of those cancel it; half look at the hall's live queue, a fifth at
 * the business types. Fails on errors, never on timings.
 */
public class DeadlineWeekSimulation extends Simulation {

    private final String baseUrl = Config.baseUrl();
    private final int users = Config.integer("users", 300);
    private final double rate = Config.decimal("rate", 20);
    private final int duration = Config.integer("duration", 120);
    private final double bookShare = Config.decimal("bookShare", 0.6);
    private final double cancelShare = Config.decimal("cancelShare", 0.25);
    private final int run = Config.run();
    private final List<Api.Agent> agents;
    private final List<String> cities = new ArrayList<>();

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .shareConnections()
            .disableWarmUp()
            .acceptHeader("application/json")
            .userAgentHeader("yuyue-load-tests");

    public DeadlineWeekSimulation() {
        Api api = new Api(baseUrl);
        TreeSet<String> codes = new TreeSet<>();
        api.get("/api/v1/halls").forEach(hall -> codes.add(hall.path("cityCode").asText()));
        cities.addAll(codes);
        agents = api.verifyAgents(run, 0, users, 8);

        ScenarioBuilder week = scenario("deadline week")
                .exec(this::start)
                .exec(http("halls of a city").get("/api/v1/halls?city=#{city}").header("X-Forwarded-For", "#{address}")
                        .check(status().is(200), jsonPath("$[*].code").findRandom().saveAs("hall")))
                .exec(http("slots of a day").get("/api/v1/halls/#{hall}/slots?date=#{date}")
                        .header("X-Forwarded-For", "#{address}")
                        .check(status().is(200), bodyString().saveAs("slots")))
                .exec(this::chooseSlot)
                .doIf(session -> session.getBoolean("book")).then(
                        exec(http("book").post("/api/v1/bookings")
                                .header("Authorization", "Bearer #{token}")
                                .header("Idempotency-Key", "#{key}")
                                .header("X-Forwarded-For", "#{address}")
                                .header("Content-Type", "application/json")
                                .body(StringBody("#{body}"))
                                .check(status().saveAs("status"), status().in(201, 409, 422, 429, 503),
                                        jsonPath("$.id").optional().saveAs("bookingId")))
                                .doIf(session -> session.contains("bookingId")).then(
                                        exec(http("read booking").get("/api/v1/bookings/#{bookingId}")
                                                .header("Authorization", "Bearer #{token}")
                                                .header("X-Forwarded-For", "#{address}")
                                                .check(status().is(200)))
                                                .exec(http("my bookings").get("/api/v1/bookings")
                                                        .header("Authorization", "Bearer #{token}")
                                                        .header("X-Forwarded-For", "#{address}")
                                                        .check(status().is(200)))
                                                .doIf(session -> session.getBoolean("cancel")).then(
                                                        exec(http("cancel").delete("/api/v1/bookings/#{bookingId}")
                                                                .header("Authorization", "Bearer #{token}")
                                                                .header("X-Forwarded-For", "#{address}")
                                                                .check(status().in(204, 422))))))
                .doIf(session -> session.getBoolean("queue")).then(
                        exec(http("hall queue").get("/api/v1/halls/#{hall}/queue")
                                .header("X-Forwarded-For", "#{address}").check(status().is(200))))
                .doIf(session -> session.getBoolean("types")).then(
                        exec(http("business types").get("/api/v1/business-types")
                                .header("X-Forwarded-For", "#{address}").check(status().is(200))));

        setUp(week.injectOpen(
                rampUsersPerSec(1).to(rate).during(Duration.ofSeconds(10)),
                constantUsersPerSec(rate).during(Duration.ofSeconds(duration))))
                .protocols(protocol)
                .assertions(global().failedRequests().count().is(0L));
    }

    private Session start(Session session) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Api.Agent agent = agents.get((int) ((session.userId() - 1) % agents.size()));
        return session.set("token", agent.token()).set("address", agent.address())
                .set("city", cities.get(random.nextInt(cities.size())))
                .set("date", Config.today().plusDays(1 + random.nextInt(7)).toString())
                .set("queue", random.nextDouble() < 0.5).set("types", random.nextDouble() < 0.2)
                .set("cancel", random.nextDouble() < cancelShare);
    }

    private Session chooseSlot(Session session) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        JsonNode day = Api.parse(session.getString("slots"));
        List<String> starts = new ArrayList<>();
        for (JsonNode slot : day.path("slots")) {
            if (slot.path("bookable").asBoolean() && slot.path("remaining").asInt() > 0) {
                starts.add(slot.path("start").asText());
            }
        }
        boolean book = !starts.isEmpty() && random.nextDouble() < bookShare;
        Session next = session.remove("slots").set("book", book);
        if (!book) {
            return next;
        }
        String body = "{\"hallCode\":\"" + session.getString("hall") + "\",\"date\":\"" + session.getString("date")
                + "\",\"start\":\"" + starts.get(random.nextInt(starts.size())) + "\",\"taxpayerId\":\""
                + (random.nextBoolean() ? Ids.freshCreditCode(run) : Ids.residentId(random.nextLong(1_000_000_000L)))
                + "\",\"taxpayerName\":\"李四\",\"businessTypes\":[\"TAX_FILING\"]}";
        return next.set("key", Ids.key()).set("body", body);
    }
}
