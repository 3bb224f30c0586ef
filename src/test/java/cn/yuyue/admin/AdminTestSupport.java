package cn.yuyue.admin;

import static cn.yuyue.booking.BookingFixtures.newKey;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.admin.security.AccountSeeding;
import cn.yuyue.hall.HallCatalogue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** What admin integration tests share: staff tokens, staff bookings, durable statuses. */
public abstract class AdminTestSupport extends IntegrationTestSupport {

    @Autowired
    protected AccountSeeding seeding;

    @Autowired
    protected HallCatalogue catalogue;

    @Autowired
    protected DatabaseClient database;

    protected String hall(int index) {
        return catalogue.halls(null, null).get(index).code();
    }

    protected String guide(String hallCode) {
        return StaffFixtures.guide(web, seeding, hallCode);
    }

    protected String admin(String hallCode) {
        return StaffFixtures.hallAdmin(web, seeding, hallCode);
    }

    protected String operator() {
        return StaffFixtures.operator(web, seeding);
    }

    protected LocalTime slot(String hallCode, LocalDate day, int index) {
        return catalogue.plan(hallCode, day).slots().get(index).start();
    }

    protected ResponseSpec staffBook(
            String token,
            String hallCode,
            LocalDate day,
            LocalTime start,
            String taxpayerId,
            String name,
            String phone,
            String channel) {
        return web.post()
                .uri("/api/v1/admin/halls/{hall}/bookings", hallCode)
                .header(HttpHeaders.AUTHORIZATION, StaffFixtures.bearer(token))
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "date",
                        day.toString(),
                        "start",
                        start.toString(),
                        "taxpayerId",
                        taxpayerId,
                        "taxpayerName",
                        name,
                        "businessTypes",
                        List.of("TAX_FILING", "DEREGISTRATION"),
                        "phone",
                        phone,
                        "channel",
                        channel))
                .exchange();
    }

    /** Books through the guide and answers the booking (id, appointmentNo, ...). */
    protected Map<?, ?> booked(
            String hallCode, LocalDate day, LocalTime start, String taxpayerId, String name, String phone) {
        return staffBook(guide(hallCode), hallCode, day, start, taxpayerId, name, phone, "PHONE")
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    protected String durableStatus(String id) {
        return database.sql("SELECT status FROM bookings WHERE id = :id")
                .bind("id", id)
                .map(row -> row.get("status", String.class))
                .one()
                .blockOptional(Duration.ofSeconds(5))
                .orElse(null);
    }

    /** The texts of the SMS the dev outbox holds for a phone, newest first. */
    protected List<String> smsTexts(String phone) {
        return web
                .get()
                .uri("/api/v1/dev/sms?phone={phone}", phone)
                .exchange()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody()
                .stream()
                .map(message -> String.valueOf(message.get("text")))
                .toList();
    }

    protected void awaitDurable(String id, String status) {
        await().atMost(patience()).until(() -> durableStatus(id), status::equals);
    }

    protected static void problem(ResponseSpec response, int status, String code) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(code);
    }

    protected static String bearer(String token) {
        return StaffFixtures.bearer(token);
    }
}
