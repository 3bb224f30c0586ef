package yuyue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plain HTTP calls outside the measured scenarios: verifying agents' phones before a storm,
 * finding open days and reading the inventory afterwards. Every loop here is bounded.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("验证码为(\\d{6})");

    private final String baseUrl;
    private final HttpClient client;

    Api(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A verified agent: its phone, its Bearer token and the client address it always uses. */
    record Agent(int index, String phone, String token, String address) {
    }

    /** A slot with places left, as the slots endpoint showed it before the run. */
    record Target(String hallCode, LocalDate date, String start, int capacity, int remainingBefore) {
        String id() {
            return hallCode + " " + date + " " + start;
        }
    }

    JsonNode get(String path) {
        return get(path, null);
    }

    /** A GET as the given client ({@code X-Forwarded-For}), or as the load generator itself when null. */
    JsonNode get(String path, String address) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET()
                .header("Accept", "application/json");
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    JsonNode post(String path, String body, String address) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("X-Forwarded-For", address));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : parse(response.body());
    }

    /** Verifies {@code count} phones of this run through the real SMS flow, {@code parallel} at a time. */
    List<Agent> verifyAgents(int run, int first, int count, int parallel) {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<Agent>> futures = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                int index = i;
                futures.add(pool.submit(() -> verify(index, Ids.phone(run, index), Ids.clientAddress(index))));
            }
            List<Agent> agents = new ArrayList<>(count);
            for (Future<Agent> future : futures) {
                agents.add(future.get());
            }
            System.out.printf("Verified %d agent phones in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
            return agents;
        } catch (Exception e) {
            throw new IllegalStateException("Verifying agents failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    Agent verify(int index, String phone, String address) throws InterruptedException {
        post("/api/v1/verification-codes", "{\"phone\":\"" + phone + "\"}", address);
        String code = null;
        for (int attempt = 0; attempt < 50 && code == null; attempt++) {
            // As the agent's own client: read as the generator's, 2,000 agents' reads would exceed
            // the per-client limit of the local mode within the first minute.
            JsonNode messages = get("/api/v1/dev/sms?phone=" + phone, address);
            for (JsonNode message : messages) {
                Matcher matcher = CODE.matcher(message.path("text").asText());
                if (matcher.find()) {
                    code = matcher.group(1);
                    break;
                }
            }
            if (code == null) {
                Thread.sleep(100);
            }
        }
        if (code == null) {
            throw new IllegalStateException("No verification code arrived for " + phone + " (is the dev SMS outbox on?)");
        }
        JsonNode token = post("/api/v1/verification-codes/verify",
                "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}", address);
        return new Agent(index, phone, token.path("token").asText(), address);
    }

    /** Hall codes of the catalogue, in its order. */
    List<String> hallCodes() {
        List<String> codes = new ArrayList<>();
        get("/api/v1/halls").forEach(hall -> codes.add(hall.path("code").asText()));
        return codes;
    }

    JsonNode slots(String hallCode, LocalDate date) {
        return get("/api/v1/halls/" + hallCode + "/slots?date=" + date);
    }

    /**
     * The bookable slots with places left of {@code hallCount} halls on the first day (from
     * tomorrow on, within the booking window) on which that many halls are open. With
     * {@code hotSlot} only the single slot with the most places left of the first hall.
     */
    List<Target> stormTargets(int hallCount, boolean hotSlot, String requestedHalls) {
        return stormTargets(hallCount, hotSlot, requestedHalls, Config.integer("skipHalls", 0));
    }

    List<Target> stormTargets(int hallCount, boolean hotSlot, String requestedHalls, int skipHalls) {
        List<String> all = requestedHalls.isEmpty() ? hallCodes() : List.of(requestedHalls.split(","));
        List<String> candidates = all.subList(Math.min(all.size() - 1, skipHalls), all.size());
        for (int ahead = 1; ahead <= 7; ahead++) {
            LocalDate date = Config.today().plusDays(ahead);
            List<Target> targets = new ArrayList<>();
            int halls = 0;
            for (String hall : candidates.subList(0, Math.min(candidates.size(), Math.max(hallCount * 4, 20)))) {
                JsonNode day = slots(hall, date);
                List<Target> open = new ArrayList<>();
                if (day.path("open").asBoolean()) {
                    for (JsonNode slot : day.path("slots")) {
                        if (slot.path("bookable").asBoolean() && slot.path("remaining").asInt() > 0) {
                            open.add(new Target(hall, date, slot.path("start").asText(), slot.path("capacity").asInt(),
                                    slot.path("remaining").asInt()));
                        }
                    }
                }
                if (open.isEmpty()) {
                    continue;
                }
                if (hotSlot) {
                    return List.of(open.stream().max((a, b) -> Integer.compare(a.remainingBefore(), b.remainingBefore())).get());
                }
                targets.addAll(open);
                if (++halls == hallCount) {
                    return targets;
                }
            }
        }
        throw new IllegalStateException("No day in the booking window with " + hallCount + " open halls with places left");
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }

    /**
     * One call, and once more if the service did not answer in 30 s. Twice in the fourth session a
     * set-up read of the slots went unanswered for 30 s and cost the run a whole phase, with nothing
     * in the service's log; a thread dump of the service (when it runs on this machine) taken at that
     * moment is what can explain it, so the retry leaves one behind.
     */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        try {
            try {
                return client.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                System.out.printf("%s %s: no answer in 30 s; %s; trying once more%n", built.method(), built.uri(),
                        ServiceThreads.dump());
                return client.send(built, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
