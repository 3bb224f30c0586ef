package yuyue;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * Abuse: one phone and one client flood the booking endpoint while ordinary agents book.
 *
 * <ul>
 *   <li>"phone flood": one verified phone sends {@code -DfloodRequests} (300) booking attempts at
 *   {@code -DfloodRate} (20) per second, each from a different client address, so only the
 *   per-phone limit can stop it; afterwards one more attempt from a fresh address must get 429;</li>
 *   <li>"client flood": one client address ({@code X-Forwarded-For: 203.0.113.7}) sends as many
 *   attempts with 20 verified phones in turn; afterwards one attempt with a phone it never used
 *   must get 429 (the per-client limit);</li>
 *   <li>"agents": {@code -Dusers} (100) ordinary agents, each with its own phone and address, book
 *   once during the floods: none of them may see a 429 or an error.</li>
 * </ul>
 * Needs an instance with its rate limits on (the defaults; the benchmark switches them off).
 */
public class AbuseSimulation extends Simulation {

    private static final String BOT_ADDRESS = "203.0.113.7";

    private final String baseUrl = Config.baseUrl();
    private final int users = Config.integer("users", 100);
    private final int duration = Config.integer("duration", 30);
    private final int floodRequests = Config.integer("floodRequests", 300);
    private final int floodRate = Config.integer("floodRate", 20);
    private final int run = Config.run();
    private final List<Api.Target> targets;
    private final List<Api.Agent> agents;
    private final Api.Agent floodPhone;
    private final List<Api.Agent> botPhones;
    private final Api.Agent botFreshPhone;
    private final AtomicLong floodAddresses = new AtomicLong(1);
    private final AtomicLong phoneLimited = new AtomicLong();
    private final AtomicLong clientLimited = new AtomicLong();

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .shareConnections()
            .disableWarmUp()
            .acceptHeader("application/json")
            .userAgentHeader("yuyue-load-tests");

    public AbuseSimulation() {
        Api api = new Api(baseUrl);
        targets = api.stormTargets(Config.integer("halls", 5), false, Config.string("hallCodes", ""));
        List<Api.Agent> all = api.verifyAgents(run, 0, users + 22, 8);
        agents = all.subList(0, users);
        floodPhone = all.get(users);
        botPhones = all.subList(users + 1, users + 21);
        botFreshPhone = all.get(users + 21);

        ScenarioBuilder ordinary = scenario("agents")
                .exec(session -> {
                    Api.Agent agent = agents.get((int) ((session.userId() - 1) % agents.size()));
                    return booking(session, agent.token(), agent.address());
                })
                .exec(http("agent slots").get("/api/v1/halls/#{hall}/slots?date=#{date}")
                        .header("X-Forwarded-For", "#{address}"))
                .exec(book("agent book", 201, 409, 422, 503));

        ScenarioBuilder phoneFlood = scenario("phone flood")
                .repeat(floodRequests).on(
                        exec(session -> booking(session, floodPhone.token(), "10.200." + floodAddresses.get() / 256 % 256
                                + "." + floodAddresses.getAndIncrement() % 256))
                                .exec(book("phone flood", 201, 409, 422, 429, 503))
                                .exec(session -> count(session, phoneLimited))
                                .pause(Duration.ofMillis(1000 / Math.max(1, floodRate))))
                .exec(session -> booking(session, floodPhone.token(), "10.201.0.1"))
                .exec(book("phone flood is limited (429)", 429).check(header("Retry-After").exists()));

        ScenarioBuilder clientFlood = scenario("client flood")
                .repeat(floodRequests, "i").on(
                        exec(session -> booking(session, botPhones.get(session.getInt("i") % botPhones.size()).token(),
                                BOT_ADDRESS))
                                .exec(book("client flood", 201, 409, 422, 429, 503))
                                .exec(session -> count(session, clientLimited))
                                .pause(Duration.ofMillis(1000 / Math.max(1, floodRate))))
                .exec(session -> booking(session, botFreshPhone.token(), BOT_ADDRESS))
                .exec(book("client flood is limited (429)", 429).check(header("Retry-After").exists()));

        setUp(ordinary.injectOpen(rampUsers(users).during(Duration.ofSeconds(duration))),
                phoneFlood.injectOpen(atOnceUsers(1)),
                clientFlood.injectOpen(atOnceUsers(1)))
                .protocols(protocol)
                .assertions(
                        details("agent book").failedRequests().count().is(0L),
                        details("agent slots").failedRequests().count().is(0L),
                        details("phone flood is limited (429)").failedRequests().count().is(0L),
                        details("client flood is limited (429)").failedRequests().count().is(0L),
                        global().failedRequests().count().is(0L));
    }

    private Session booking(Session session, String token, String address) {
        Api.Target target = targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
        String body = "{\"hallCode\":\"" + target.hallCode() + "\",\"date\":\"" + target.date() + "\",\"start\":\""
                + target.start() + "\",\"taxpayerId\":\"" + Ids.freshCreditCode(run)
                + "\",\"taxpayerName\":\"压测代理有限公司\",\"businessTypes\":[\"TAX_FILING\"]}";
        return session.remove("status").set("token", token).set("address", address).set("key", Ids.key())
                .set("body", body).set("hall", target.hallCode()).set("date", target.date().toString());
    }

    private static HttpRequestActionBuilder book(String name, Integer... expected) {
        return http(name).post("/api/v1/bookings")
                .header("Authorization", "Bearer #{token}")
                .header("Idempotency-Key", "#{key}")
                .header("X-Forwarded-For", "#{address}")
                .header("Content-Type", "application/json")
                .body(StringBody("#{body}"))
                .check(status().saveAs("status"), jsonPath("$.code").optional().saveAs("code"),
                        status().in(expected));
    }

    private static Session count(Session session, AtomicLong limited) {
        if (session.contains("status") && session.getInt("status") == 429) {
            limited.incrementAndGet();
        }
        return session;
    }

    @Override
    public void after() {
        System.out.printf("%nABUSE phone flood: %d of %d attempts refused with 429; client flood: %d of %d refused with 429%n",
                phoneLimited.get(), floodRequests, clientLimited.get(), floodRequests);
    }

}
