package cn.yuyue.admin.security;

import static cn.yuyue.admin.security.StaffSecurityIntegrationTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.hall.HallCatalogue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * Failed sign-ins throttle the (account, client) pair, never the account as a whole: a stranger
 * guessing from one address cannot keep the owner out, and parallel guesses get no more password
 * checks than sequential ones. Clients are told apart by X-Forwarded-For, which the test profile
 * honours from the loopback address as it would from the ingress.
 */
class SignInThrottleIntegrationTest extends IntegrationTestSupport {

    @Autowired
    AccountSeeding seeding;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    SignInThrottle throttle;

    @Autowired
    StaffProperties properties;

    private String hall(int index) {
        return catalogue.halls(null, null).get(index).code();
    }

    private static String someClient(String prefix) {
        return prefix + ThreadLocalRandom.current().nextInt(1, 255) + "."
                + ThreadLocalRandom.current().nextInt(1, 255);
    }

    private ResponseSpec signIn(String client, String username, String password) {
        return web.post()
                .uri("/api/v1/admin/sessions")
                .header("X-Forwarded-For", client)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange();
    }

    @Test
    void should_never_lock_the_owner_out_from_another_client() {
        String username = StaffFixtures.newGuide(web, seeding, hall(10));
        String initial = StaffFixtures.initialPasswordOfGuide(username);
        String stranger = someClient("198.51.");
        for (int attempt = 1; attempt < properties.lockAfter(); attempt++) {
            problem(signIn(stranger, username, "guess-" + attempt), 401, SigningIn.SIGN_IN_FAILED);
        }
        problem(signIn(stranger, username, "guess-last"), 423, SigningIn.ACCOUNT_LOCKED);
        problem(signIn(stranger, username, initial), 423, SigningIn.ACCOUNT_LOCKED);

        signIn(someClient("203.0."), username, initial).expectStatus().isCreated();
    }

    @Test
    void should_check_no_more_passwords_for_parallel_guesses_than_for_sequential_ones() throws Exception {
        String username = StaffFixtures.newGuide(web, seeding, hall(11));
        String stranger = someClient("198.18.");
        int guesses = 16;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String password = "parallel-guess-" + i;
                calls.add(() -> signIn(stranger, username, password)
                        .returnResult(Void.class)
                        .getStatus()
                        .value());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(calls)) {
                statuses.add(answer.get());
            }
            // Every guess that reached the password check is one of lockAfter; the last of them locks.
            assertThat(statuses).filteredOn(status -> status == 401).hasSize(properties.lockAfter() - 1);
            assertThat(statuses).filteredOn(status -> status == 423).hasSize(guesses - properties.lockAfter() + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_count_wrong_current_passwords_of_a_password_change_as_failed_sign_ins() {
        String username = StaffFixtures.newGuide(web, seeding, hall(12));
        String initial = StaffFixtures.initialPasswordOfGuide(username);
        String thief = someClient("198.19.");
        String token = String.valueOf(signIn(thief, username, initial)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("token"));
        for (int attempt = 1; attempt < properties.lockAfter(); attempt++) {
            problem(changePassword(thief, token, "guess-" + attempt), 422, "WRONG_PASSWORD");
        }
        problem(changePassword(thief, token, "guess-last"), 423, SigningIn.ACCOUNT_LOCKED);
        problem(changePassword(thief, token, initial), 423, SigningIn.ACCOUNT_LOCKED);

        signIn(someClient("203.0."), username, initial).expectStatus().isCreated();
    }

    private ResponseSpec changePassword(String client, String token, String current) {
        return web.put()
                .uri("/api/v1/admin/password")
                .header("X-Forwarded-For", client)
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", current, "newPassword", "a-brand-new-password-9"))
                .exchange();
    }

    @Test
    void should_slow_the_account_down_for_every_client_after_failures_from_many() {
        String username = "guessed-" + ThreadLocalRandom.current().nextInt(1_000_000);
        for (int i = 0; i <= properties.delayAfter(); i++) {
            throttle.attempt(username, someClient("192.0.")).block(patience());
        }
        SignInThrottle.Decision fresh =
                throttle.attempt(username, someClient("100.64.")).block(patience());

        assertThat(fresh)
                .isInstanceOfSatisfying(
                        SignInThrottle.Decision.Allowed.class,
                        allowed -> assertThat(allowed.delay()).isPositive().isLessThanOrEqualTo(properties.maxDelay()));
    }
}
