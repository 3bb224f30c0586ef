package cn.yuyue.admin.security;

import static cn.yuyue.admin.StaffFixtures.bearer;

import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.hall.HallCatalogue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** The refusals of account management and password change, as the client reads them. */
class AccountRefusalsIntegrationTest extends IntegrationTestSupport {

    @Autowired
    AccountSeeding seeding;

    @Autowired
    HallCatalogue catalogue;

    private String hall(int index) {
        return catalogue.halls(null, null).get(index).code();
    }

    private static BodyContentSpec problem(
            ResponseSpec response, int status, String code, String title, String detail) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(code)
                .jsonPath("$.title")
                .isEqualTo(title)
                .jsonPath("$.detail")
                .isEqualTo(detail);
    }

    private ResponseSpec create(String token, String hallCode, Map<String, ?> body) {
        return web.post()
                .uri("/api/v1/admin/halls/{hall}/accounts", hallCode)
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void should_answer_a_taken_username_an_unknown_hall_and_bad_fields_as_before() {
        String operator = StaffFixtures.operator(web, seeding);
        String existing = AccountSeeding.hallAdmin(hall(7));

        problem(
                create(operator, hall(7), Map.of("username", existing, "role", "HALL_GUIDE")),
                409,
                "USERNAME_TAKEN",
                "Username taken",
                "There is already an account " + existing);
        problem(
                create(operator, "99999999", Map.of("username", "guide-of-nowhere", "role", "HALL_GUIDE")),
                404,
                "HALL_NOT_FOUND",
                "Hall not found",
                "There is no tax service hall with code 99999999");
        problem(
                        create(operator, hall(7), Map.of("username", "guide-ok-name", "role", "PROVINCE_OPERATOR")),
                        400,
                        "VALIDATION_FAILED",
                        "Request is invalid",
                        "role: must be HALL_ADMIN or HALL_GUIDE")
                .jsonPath("$.errors[0].field")
                .isEqualTo("role");
    }

    @Test
    void should_answer_a_reset_of_an_unknown_account_with_404() {
        String operator = StaffFixtures.operator(web, seeding);

        problem(
                web.post()
                        .uri("/api/v1/admin/accounts/{user}/password-reset", "nobody-at-all")
                        .header(HttpHeaders.AUTHORIZATION, bearer(operator))
                        .exchange(),
                404,
                "ACCOUNT_NOT_FOUND",
                "Account not found",
                "No staff account nobody-at-all");
    }

    @Test
    void should_answer_a_wrong_current_password_with_422_and_missing_credentials_with_400() {
        String username = StaffFixtures.newGuide(web, seeding, hall(8));
        String token = StaffFixtures.activate(web, username, StaffFixtures.initialPasswordOfGuide(username));

        problem(
                web.put()
                        .uri("/api/v1/admin/password")
                        .header(HttpHeaders.AUTHORIZATION, bearer(token))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                                Map.of("currentPassword", "not-the-password", "newPassword", "another-long-password"))
                        .exchange(),
                422,
                "WRONG_PASSWORD",
                "Wrong password",
                "The current password is not correct");
        problem(
                        web.post()
                                .uri("/api/v1/admin/sessions")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("username", username))
                                .exchange(),
                        400,
                        "VALIDATION_FAILED",
                        "Request is invalid",
                        "username: username and password are required")
                .jsonPath("$.errors[0].field")
                .isEqualTo("username");
    }
}
