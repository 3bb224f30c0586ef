package cn.yuyue.admin;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * A hall admin or guide of one hall gets 403 FORBIDDEN on every admin endpoint of another hall,
 * and on the operator's endpoints; the operator sees every hall.
 */
class CrossHallScopeIntegrationTest extends AdminTestSupport {

    private record Call(HttpMethod method, String path, Object body) {}

    private List<Call> hallCalls(String hall) {
        String id = hall + "-20261201-ABCDEFGHJK";
        Map<String, Object> schedule = Map.of(
                "morningStart",
                "09:00",
                "morningEnd",
                "12:00",
                "afternoonStart",
                "13:30",
                "afternoonEnd",
                "17:00",
                "slotMinutes",
                30,
                "dedicatedWindows",
                2,
                "placesPerWindow",
                3);
        return List.of(
                new Call(HttpMethod.GET, "/api/v1/admin/halls/" + hall + "/accounts", null),
                new Call(
                        HttpMethod.POST,
                        "/api/v1/admin/halls/" + hall + "/accounts",
                        Map.of("username", "x-guide-" + hall, "role", "HALL_GUIDE")),
                new Call(
                        HttpMethod.POST,
                        "/api/v1/admin/halls/" + hall + "/accounts/admin-" + hall + "/password-reset",
                        null),
                new Call(HttpMethod.GET, "/api/v1/admin/halls/" + hall + "/bookings", null),
                new Call(HttpMethod.GET, "/api/v1/admin/halls/" + hall + "/bookings/" + id, null),
                new Call(
                        HttpMethod.POST,
                        "/api/v1/admin/halls/" + hall + "/bookings",
                        Map.of(
                                "date",
                                "2026-12-01",
                                "start",
                                "09:00",
                                "taxpayerId",
                                "x",
                                "taxpayerName",
                                "x",
                                "businessTypes",
                                List.of("TAX_FILING"),
                                "phone",
                                "13900000000",
                                "channel",
                                "PHONE")),
                new Call(
                        HttpMethod.POST,
                        "/api/v1/admin/halls/" + hall + "/check-ins",
                        Map.of("appointmentNo", "A001", "taxpayerName", "张三")),
                new Call(HttpMethod.GET, "/api/v1/admin/halls/" + hall + "/bookings/" + id + "/slip", null),
                new Call(HttpMethod.GET, "/api/v1/admin/halls/" + hall + "/schedule", null),
                new Call(HttpMethod.PUT, "/api/v1/admin/halls/" + hall + "/schedule", schedule),
                new Call(HttpMethod.GET, "/api/v1/admin/halls/" + hall + "/closures", null),
                new Call(
                        HttpMethod.POST,
                        "/api/v1/admin/halls/" + hall + "/closures",
                        Map.of("date", "2026-12-01", "reason", "x")),
                new Call(HttpMethod.DELETE, "/api/v1/admin/halls/" + hall + "/closures/1", null),
                new Call(
                        HttpMethod.POST,
                        "/api/v1/admin/halls/" + hall + "/bookings/" + id + "/reschedule",
                        Map.of("date", "2026-12-01", "start", "09:00", "reason", "x")),
                new Call(HttpMethod.GET, "/api/v1/admin/halls/" + hall + "/bookings/" + id + "/reschedule", null),
                new Call(HttpMethod.GET, "/api/v1/admin/reports/daily?hallCode=" + hall, null),
                new Call(HttpMethod.GET, "/api/v1/admin/reports/daily.csv?hallCode=" + hall, null));
    }

    private ResponseSpec call(Call call, String token) {
        var spec = web.method(call.method())
                .uri(call.path())
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .header("Idempotency-Key", "scope-test");
        return call.body() == null
                ? spec.exchange()
                : spec.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(call.body())
                        .exchange();
    }

    @Test
    void should_forbid_every_hall_endpoint_of_another_hall_to_its_admin_and_guide() {
        String own = hall(80);
        String other = hall(81);
        for (Function<String, String> staff : List.<Function<String, String>>of(this::admin, this::guide)) {
            String token = staff.apply(own);
            for (Call call : hallCalls(other)) {
                call(call, token)
                        .expectStatus()
                        .isForbidden()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody()
                        .jsonPath("$.code")
                        .isEqualTo("FORBIDDEN");
            }
        }
    }

    @Test
    void should_keep_province_wide_endpoints_from_hall_staff() {
        String own = hall(80);
        List<Call> operatorOnly = List.of(
                new Call(HttpMethod.GET, "/api/v1/admin/audit", null),
                new Call(HttpMethod.POST, "/api/v1/admin/accounts/admin-" + hall(81) + "/password-reset", null),
                new Call(HttpMethod.GET, "/api/v1/admin/reports/daily?level=CITY", null),
                new Call(HttpMethod.GET, "/api/v1/admin/reports/daily?level=PROVINCE", null));
        for (Call call : operatorOnly) {
            problem(call(call, admin(own)), 403, "FORBIDDEN");
        }
        List<Call> adminsOnly = List.of(
                new Call(HttpMethod.POST, "/api/v1/admin/booker-locks/lookup", Map.of("phone", "13900000000")),
                new Call(
                        HttpMethod.POST,
                        "/api/v1/admin/booker-locks/unlock",
                        Map.of("phone", "13900000000", "documentType", "PASSPORT", "documentNumber", "E12345678")));
        for (Call call : adminsOnly) {
            problem(call(call, guide(own)), 403, "FORBIDDEN");
        }
    }

    @Test
    void should_let_the_operator_see_every_hall() {
        String token = operator();
        for (String hall : List.of(hall(80), hall(81), hall(333))) {
            web.get()
                    .uri("/api/v1/admin/halls/{hall}/bookings", hall)
                    .header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .exchange()
                    .expectStatus()
                    .isOk();
            web.get()
                    .uri("/api/v1/admin/halls/{hall}/schedule", hall)
                    .header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }
}
