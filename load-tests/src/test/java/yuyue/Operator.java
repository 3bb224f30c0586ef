package yuyue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The province operator's admin calls a simulation needs before it starts: signed in with the
 * initial password from the local mode's credentials file (changed at the first sign-in, as the
 * service demands, to {@code -DoperatorPassword}), then schedules and releases.
 */
final class Operator {

    private static final String USERNAME = "province-operator";

    private final String baseUrl;
    private final Path credentials;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    Operator(Api api, String credentials) {
        this.baseUrl = Config.baseUrl();
        this.credentials = Path.of(credentials);
    }

    /** Gives the hall a day of {@code places} places or a few more: 1 window, 60-minute slots. */
    void schedule(String hall, int places) {
        int slots = 6;
        for (int candidate = 9; candidate >= 2; candidate--) {
            if (places % candidate == 0 && places / candidate <= 50) {
                slots = candidate;
                break;
            }
        }
        int perSlot = (int) Math.ceil(places / (double) slots);
        int morning = Math.min(3, slots - 1);
        int afternoon = slots - morning;
        String body = String.format("{\"morningStart\":\"09:00\",\"morningEnd\":\"%02d:00\",\"afternoonStart\":\"13:30\","
                        + "\"afternoonEnd\":\"%02d:30\",\"slotMinutes\":60,\"dedicatedWindows\":1,\"placesPerWindow\":%d}",
                9 + morning, 13 + afternoon, perSlot);
        send("PUT", "/api/v1/admin/halls/" + hall + "/schedule", body, 200);
    }

    /** Adds a release of {@code day} opening at {@code opensAt}; its id. */
    String addRelease(LocalDate day, Instant opensAt) {
        String body = "{\"date\":\"" + day + "\",\"opensAt\":\"" + opensAt + "\",\"reason\":\"load test\"}";
        return send("POST", "/api/v1/admin/releases", body, 201).path("id").asText();
    }

    void withdraw(String release) {
        send("DELETE", "/api/v1/admin/releases/" + release, null, 204);
    }

    private JsonNode send(String method, String path, String body, int expected) {
        HttpResponse<String> response = call(method, path, body, "Bearer " + token());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? Api.JSON.nullNode() : Api.parse(response.body());
    }

    private synchronized String token() {
        if (token != null) {
            return token;
        }
        String changed = Config.string("operatorPassword", "load-tests-operator-password-1");
        HttpResponse<String> again = signIn(changed);
        if (again.statusCode() == 201) {
            token = Api.parse(again.body()).path("token").asText();
            return token;
        }
        String initial = initialPassword();
        HttpResponse<String> first = signIn(initial);
        if (first.statusCode() != 201) {
            throw new IllegalStateException("The operator cannot sign in with " + credentials + ": " + first.body());
        }
        JsonNode session = Api.parse(first.body());
        if (!session.path("mustChangePassword").asBoolean()) {
            token = session.path("token").asText();
            return token;
        }
        HttpResponse<String> change = call("PUT", "/api/v1/admin/password", "{\"currentPassword\":\"" + initial
                + "\",\"newPassword\":\"" + changed + "\"}", "Bearer " + session.path("token").asText());
        if (change.statusCode() != 200) {
            throw new IllegalStateException("Password change refused: " + change.body());
        }
        token = Api.parse(change.body()).path("token").asText();
        return token;
    }

    private HttpResponse<String> signIn(String password) {
        return call("POST", "/api/v1/admin/sessions", "{\"username\":\"" + USERNAME + "\",\"password\":\"" + password
                + "\"}", null);
    }

    private String initialPassword() {
        try {
            List<String> lines = Files.readAllLines(credentials);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String[] columns = lines.get(i).split(",", -1);
                if (columns[0].equals(USERNAME)) {
                    return columns[3];
                }
            }
            throw new IllegalStateException("No " + USERNAME + " in " + credentials);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + credentials + " (run from the repository root, or "
                    + "-Dcredentials=...)", e);
        }
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach " + baseUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
