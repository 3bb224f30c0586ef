package cn.yuyue.admin.security;

import static cn.yuyue.admin.StaffFixtures.bearer;
import static cn.yuyue.admin.StaffFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.hall.HallCatalogue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** Staff accounts, sign-in, scoping and the audit log against the real servers. */
class StaffSecurityIntegrationTest extends IntegrationTestSupport {

    @Autowired
    AccountSeeding seeding;

    @Autowired
    HallCatalogue catalogue;

    private String hall(int index) {
        return catalogue.halls(null, null).get(index).code();
    }

    static void problem(ResponseSpec response, int status, String code) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(code);
    }

    @Test
    void should_seed_an_admin_per_hall_and_an_operator_with_distinct_initial_passwords() {
        seeding.seeded().block(patience());
        String first = StaffFixtures.initialPassword(AccountSeeding.hallAdmin(hall(0)));
        String second = StaffFixtures.initialPassword(AccountSeeding.hallAdmin(hall(1)));
        assertThat(first).hasSize(16).isNotEqualTo(second);
        assertThat(StaffFixtures.initialPassword(AccountSeeding.OPERATOR)).hasSize(16);
        assertThat(catalogue.halls(null, null)).hasSize(334);
    }

    @Test
    void should_allow_only_a_password_change_until_the_initial_password_is_replaced() {
        String username = StaffFixtures.newGuide(web, seeding, hall(2));
        String initial = StaffFixtures.initialPasswordOfGuide(username);
        Map<?, ?> session = signIn(web, username, initial)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(session.get("mustChangePassword")).isEqualTo(true);
        assertThat(session.get("tokenType")).isEqualTo("Bearer");
        String limited = String.valueOf(session.get("token"));

        problem(
                web.get()
                        .uri("/api/v1/admin/me")
                        .header(HttpHeaders.AUTHORIZATION, bearer(limited))
                        .exchange(),
                403,
                StaffProblems.PASSWORD_CHANGE_REQUIRED);
        problem(
                web.put()
                        .uri("/api/v1/admin/password")
                        .header(HttpHeaders.AUTHORIZATION, bearer(limited))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("currentPassword", initial, "newPassword", "short"))
                        .exchange(),
                400,
                "VALIDATION_FAILED");

        String full = StaffFixtures.activate(web, username, initial);
        web.get()
                .uri("/api/v1/admin/me")
                .header(HttpHeaders.AUTHORIZATION, bearer(full))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.role")
                .isEqualTo("HALL_GUIDE")
                .jsonPath("$.hallCode")
                .isEqualTo(hall(2));
        problem(
                web.get()
                        .uri("/api/v1/admin/me")
                        .header(HttpHeaders.AUTHORIZATION, bearer(limited))
                        .exchange(),
                401,
                StaffProblems.UNAUTHENTICATED);
        problem(signIn(web, username, initial), 401, SigningIn.SIGN_IN_FAILED);
        signIn(web, username, StaffFixtures.NEW_PASSWORD)
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.mustChangePassword")
                .isEqualTo(false);

        web.delete()
                .uri("/api/v1/admin/sessions/current")
                .header(HttpHeaders.AUTHORIZATION, bearer(full))
                .exchange()
                .expectStatus()
                .isNoContent();
        problem(
                web.get()
                        .uri("/api/v1/admin/me")
                        .header(HttpHeaders.AUTHORIZATION, bearer(full))
                        .exchange(),
                401,
                StaffProblems.UNAUTHENTICATED);
    }

    @Test
    void should_answer_problem_json_without_or_with_a_bad_token() {
        problem(web.get().uri("/api/v1/admin/me").exchange(), 401, StaffProblems.UNAUTHENTICATED);
        problem(
                web.get()
                        .uri("/api/v1/admin/me")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer nonsense")
                        .exchange(),
                401,
                StaffProblems.UNAUTHENTICATED);
        problem(signIn(web, "nobody-here", "whatever-password"), 401, SigningIn.SIGN_IN_FAILED);
    }

    @Test
    void should_leave_every_other_path_alone() {
        web.get().uri("/api/v1/halls/{code}", hall(0)).exchange().expectStatus().isOk();
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        web.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/admin/sessions']")
                .exists()
                .jsonPath("$.components.securitySchemes.staff.scheme")
                .isEqualTo("bearer");
        // A taxpayer call still answers with its own phone-token problem, not Spring Security's.
        problem(web.get().uri("/api/v1/bookings").exchange(), 401, "VERIFICATION_REQUIRED");
        web.post()
                .uri("/api/v1/verification-codes")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", "13900000000"))
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
    }

    @Test
    void should_slow_down_and_then_lock_repeated_failed_sign_ins() {
        String username = StaffFixtures.newGuide(web, seeding, hall(3));
        String initial = StaffFixtures.initialPasswordOfGuide(username);
        for (int attempt = 1; attempt < 5; attempt++) {
            problem(signIn(web, username, "wrong-password-" + attempt), 401, SigningIn.SIGN_IN_FAILED);
        }
        signIn(web, username, "wrong-password-5")
                .expectStatus()
                .isEqualTo(423)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(SigningIn.ACCOUNT_LOCKED)
                .jsonPath("$.lockedUntil")
                .exists();
        // Locked: even the right password is refused until the lock ends or the password is reset.
        problem(signIn(web, username, initial), 423, SigningIn.ACCOUNT_LOCKED);

        String admin = StaffFixtures.hallAdmin(web, seeding, hall(3));
        Map<?, ?> reset = web.post()
                .uri("/api/v1/admin/halls/{hall}/accounts/{username}/password-reset", hall(3), username)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        signIn(web, username, String.valueOf(reset.get("initialPassword")))
                .expectStatus()
                .isCreated();
    }

    @Test
    void should_scope_accounts_to_the_own_hall_and_keep_operator_endpoints_for_the_operator() {
        String admin = StaffFixtures.hallAdmin(web, seeding, hall(4));
        String otherHall = hall(5);
        problem(
                web.get()
                        .uri("/api/v1/admin/halls/{hall}/accounts", otherHall)
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin))
                        .exchange(),
                403,
                StaffProblems.FORBIDDEN);
        problem(
                web.post()
                        .uri("/api/v1/admin/halls/{hall}/accounts", otherHall)
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("username", "sneaky-guide", "role", "HALL_GUIDE"))
                        .exchange(),
                403,
                StaffProblems.FORBIDDEN);
        problem(
                web.post()
                        .uri(
                                "/api/v1/admin/halls/{hall}/accounts/{user}/password-reset",
                                otherHall,
                                AccountSeeding.hallAdmin(otherHall))
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin))
                        .exchange(),
                403,
                StaffProblems.FORBIDDEN);
        problem(
                web.post()
                        .uri("/api/v1/admin/accounts/{user}/password-reset", AccountSeeding.hallAdmin(otherHall))
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin))
                        .exchange(),
                403,
                StaffProblems.FORBIDDEN);
        problem(
                web.get()
                        .uri("/api/v1/admin/audit")
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin))
                        .exchange(),
                403,
                StaffProblems.FORBIDDEN);
        web.get()
                .uri("/api/v1/admin/halls/{hall}/accounts", hall(4))
                .header(HttpHeaders.AUTHORIZATION, bearer(admin))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.username == '" + AccountSeeding.hallAdmin(hall(4)) + "')]")
                .exists();
    }

    @Test
    void should_let_the_operator_read_the_audit_log() {
        String operator = StaffFixtures.operator(web, seeding);
        String username = StaffFixtures.newGuide(web, seeding, hall(6));
        List<?> entries = web.get()
                .uri("/api/v1/admin/audit?hallCode={hall}", hall(6))
                .header(HttpHeaders.AUTHORIZATION, bearer(operator))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(entries).anySatisfy(entry -> {
            Map<?, ?> map = (Map<?, ?>) entry;
            assertThat(map.get("action")).isEqualTo("ACCOUNT_CREATED");
            assertThat(map.get("actor")).isEqualTo(AccountSeeding.hallAdmin(hall(6)));
            assertThat(((Map<?, ?>) map.get("details")).get("username")).isEqualTo(username);
        });
    }
}
