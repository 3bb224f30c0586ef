package cn.yuyue.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import cn.yuyue.admin.security.AccountSeeding;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Signed-in staff for admin tests: the seeded operator (password from the credentials file), hall
 * admins (reset by the operator) and guides (created by their hall admin), each with the initial
 * password already changed. Tokens are cached per JVM: the shared context keeps them valid.
 */
public final class StaffFixtures {

    public static final String NEW_PASSWORD = "a-long-new-password-1";
    private static final Path CREDENTIALS = Path.of("target/test-credentials.csv");
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final AtomicLong GUIDES = new AtomicLong(System.nanoTime() % 100_000);
    /** Accounts of the shared servers whose password is {@link #NEW_PASSWORD}: they sign in again when their session is gone. */
    private static final java.util.Set<String> ACTIVATED = ConcurrentHashMap.newKeySet();

    private StaffFixtures() {}

    /** Not computeIfAbsent: building one token signs in others (a guide needs its hall admin). */
    private static synchronized String cached(String key, java.util.function.Function<String, String> make) {
        String token = TOKENS.get(key);
        if (token == null) {
            token = make.apply(key);
            TOKENS.put(key, token);
        }
        return token;
    }

    public static String operator(WebTestClient web, AccountSeeding seeding) {
        return cached(AccountSeeding.OPERATOR, username -> {
            if (ACTIVATED.contains(username)) {
                return signInAgain(web, username);
            }
            seeding.seeded().block(Duration.ofSeconds(120));
            String token = activate(web, username, initialPassword(username));
            ACTIVATED.add(username);
            return token;
        });
    }

    /**
     * Staff sessions live in Redis, so a test that empties Redis ends every session the other tests
     * hold here: it calls this, and the next call signs each account in again with its password.
     */
    public static synchronized void sessionsLost() {
        TOKENS.keySet().removeIf(key -> !key.startsWith("initial:"));
    }

    private static String signInAgain(WebTestClient web, String username) {
        Map<?, ?> signedIn = signIn(web, username, NEW_PASSWORD)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return String.valueOf(signedIn.get("token"));
    }

    public static String hallAdmin(WebTestClient web, AccountSeeding seeding, String hallCode) {
        String operator = operator(web, seeding);
        return cached(AccountSeeding.hallAdmin(hallCode), username -> {
            if (ACTIVATED.contains(username)) {
                return signInAgain(web, username);
            }
            Map<?, ?> reset = web.post()
                    .uri("/api/v1/admin/accounts/{username}/password-reset", username)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + operator)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            String token = activate(web, username, String.valueOf(reset.get("initialPassword")));
            ACTIVATED.add(username);
            return token;
        });
    }

    public static String guide(WebTestClient web, AccountSeeding seeding, String hallCode) {
        return cached("guide-" + hallCode, key -> {
            String username = newGuide(web, seeding, hallCode);
            return activate(web, username, TOKENS.remove("initial:" + username));
        });
    }

    /** A guide account of its own (for tests that lock or reset it); returns the username. */
    public static String newGuide(WebTestClient web, AccountSeeding seeding, String hallCode) {
        String admin = hallAdmin(web, seeding, hallCode);
        String username = "guide-" + hallCode + "-" + GUIDES.incrementAndGet();
        Map<?, ?> created = web.post()
                .uri("/api/v1/admin/halls/{hall}/accounts", hallCode)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "role", "HALL_GUIDE"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        TOKENS.put("initial:" + username, String.valueOf(created.get("initialPassword")));
        return username;
    }

    public static String initialPasswordOfGuide(String username) {
        return TOKENS.get("initial:" + username);
    }

    /** Signs in with the initial password and replaces it; the new full token. */
    public static String activate(WebTestClient web, String username, String initialPassword) {
        Map<?, ?> first = signIn(web, username, initialPassword)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        Map<?, ?> changed = web.put()
                .uri("/api/v1/admin/password")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + first.get("token"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", initialPassword, "newPassword", NEW_PASSWORD))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return String.valueOf(changed.get("token"));
    }

    public static WebTestClient.ResponseSpec signIn(WebTestClient web, String username, String password) {
        return web.post()
                .uri("/api/v1/admin/sessions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange();
    }

    /** The newest initial password of a seeded account in the credentials file. */
    public static String initialPassword(String username) {
        return initialPassword(CREDENTIALS, username);
    }

    /** The newest initial password of a seeded account in a credentials file of its own (drills). */
    public static String initialPassword(Path credentials, String username) {
        try {
            List<String> lines = Files.readAllLines(credentials);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String[] columns = lines.get(i).split(",", -1);
                if (columns[0].equals(username)) {
                    return columns[3];
                }
            }
            throw new IllegalStateException("No initial password of " + username + " in " + credentials);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
