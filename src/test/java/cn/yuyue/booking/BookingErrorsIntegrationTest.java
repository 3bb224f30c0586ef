package cn.yuyue.booking;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.booking.application.ClaimAdmission;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ProvinceTime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** Every refusal of the booking API answers problem+json with its stable code, and books nothing. */
class BookingErrorsIntegrationTest extends IntegrationTestSupport {

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    ClaimAdmission admission;

    @Autowired
    MeterRegistry meters;

    private String phone;
    private String token;
    private Hall hall;
    private LocalDate day;
    private String start;

    @BeforeEach
    void agent() {
        phone = freshPhone();
        token = verifiedToken(web, phone);
        hall = catalogue.halls(null, null).get(40);
        day = nextOpenDay(catalogue, hall.code());
        start = catalogue.plan(hall.code(), day).slots().get(2).start().toString();
    }

    @Test
    void should_list_each_bad_field_with_validation_failed() {
        Map<String, Object> body = new HashMap<>(request(hall.code(), day, start, "11010519491231002Y"));
        body.put("businessTypes", List.of("TAX_FILING", "NO_SUCH_TYPE"));
        body.put("date", "2026-13-01");
        expect(book(token, newKey(), body), 400, "VALIDATION_FAILED")
                .jsonPath("$.errors[?(@.field == 'taxpayerId')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'businessTypes')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'date')]")
                .exists();
    }

    @Test
    void should_refuse_a_missing_key_unknown_fields_and_malformed_json() {
        expect(
                        web.post()
                                .uri("/api/v1/bookings")
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(request(hall.code(), day, start, freshTaxpayerId()))
                                .exchange(),
                        400,
                        "VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("Idempotency-Key");
        Map<String, Object> unknown = new HashMap<>(request(hall.code(), day, start, freshTaxpayerId()));
        unknown.put("vip", true);
        expect(book(token, newKey(), unknown), 400, "VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("vip");
        expect(
                web.post()
                        .uri("/api/v1/bookings")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .header("Idempotency-Key", newKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"hallCode\":")
                        .exchange(),
                400,
                "VALIDATION_FAILED");
    }

    @Test
    void should_require_a_valid_phone_token() {
        expect(
                web.post()
                        .uri("/api/v1/bookings")
                        .header("Idempotency-Key", newKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(request(hall.code(), day, start, freshTaxpayerId()))
                        .exchange(),
                401,
                "VERIFICATION_REQUIRED");
        expect(
                book(token + "x", newKey(), request(hall.code(), day, start, freshTaxpayerId())),
                401,
                "VERIFICATION_REQUIRED");
        expect(web.get().uri("/api/v1/bookings").exchange(), 401, "VERIFICATION_REQUIRED");
    }

    @Test
    void should_answer_not_found_for_unknown_halls_slots_and_bookings() {
        expect(book(token, newKey(), request("99999999", day, start, freshTaxpayerId())), 404, "HALL_NOT_FOUND");
        expect(book(token, newKey(), request(hall.code(), day, "09:10", freshTaxpayerId())), 404, "SLOT_NOT_FOUND");
        String unknown = hall.code() + "-" + day.toString().replace("-", "") + "-ABCDEFGHJK";
        expect(
                web.get()
                        .uri("/api/v1/bookings/{id}", unknown)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .exchange(),
                404,
                "BOOKING_NOT_FOUND");
        expect(
                web.get()
                        .uri("/api/v1/bookings/{id}", "not-an-id")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .exchange(),
                404,
                "BOOKING_NOT_FOUND");
        expect(
                web.get()
                        .uri("/api/v1/halls/{code}/slots?date={date}", "99999999", day)
                        .exchange(),
                404,
                "HALL_NOT_FOUND");
        expect(
                web.get()
                        .uri("/api/v1/halls/{code}/slots?date=tomorrow", hall.code())
                        .exchange(),
                400,
                "VALIDATION_FAILED");
    }

    @Test
    void should_forbid_another_phone_to_read_or_cancel() {
        String id = bookOk(token, freshTaxpayerId());
        String stranger = verifiedToken(web, freshPhone());
        expect(
                web.get()
                        .uri("/api/v1/bookings/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger)
                        .exchange(),
                403,
                "FORBIDDEN");
        expect(
                web.delete()
                        .uri("/api/v1/bookings/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger)
                        .exchange(),
                403,
                "FORBIDDEN");
    }

    @Test
    void should_refuse_days_outside_the_booking_window() {
        LocalDate today = LocalDate.now(ProvinceTime.ZONE);
        expect(
                book(token, newKey(), request(hall.code(), today.plusDays(10), start, freshTaxpayerId())),
                422,
                "OUTSIDE_BOOKING_WINDOW");
        expect(
                book(token, newKey(), request(hall.code(), today.minusDays(3), start, freshTaxpayerId())),
                422,
                "OUTSIDE_BOOKING_WINDOW");
    }

    @Test
    void should_refuse_to_cancel_under_three_hours_before_the_slot() {
        String id = bookOk(token, freshTaxpayerId());
        try {
            clock.setNow(
                    day.atTime(java.time.LocalTime.parse(start)).minusHours(2).atZone(ProvinceTime.ZONE));
            String lateToken = verifiedToken(web, phone);
            expect(
                    web.delete()
                            .uri("/api/v1/bookings/{id}", id)
                            .header(HttpHeaders.AUTHORIZATION, "Bearer " + lateToken)
                            .exchange(),
                    422,
                    "CANCEL_TOO_LATE");
        } finally {
            clock.reset();
        }
        web.get()
                .uri("/api/v1/bookings/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("BOOKED");
    }

    @Test
    void should_refuse_a_locked_booker_with_the_end_of_the_lock() {
        long until = System.currentTimeMillis() + Duration.ofDays(90).toMillis();
        redis.opsForValue()
                .set("yy:lock:{" + phone + "}", String.valueOf(until), Duration.ofMinutes(5))
                .block(patience());
        expect(book(token, newKey(), request(hall.code(), day, start, freshTaxpayerId())), 423, "BOOKER_LOCKED")
                .jsonPath("$.lockedUntil")
                .exists();
    }

    @Test
    void should_shed_load_with_try_later_when_too_many_claims_are_in_flight() {
        double refusedBefore = refusedByTheBound();
        long routedBefore = bookingsAnswered503();
        List<ClaimAdmission.Permit> held = new ArrayList<>();
        try {
            for (Optional<ClaimAdmission.Permit> permit = admission.tryAdmit();
                    permit.isPresent();
                    permit = admission.tryAdmit()) {
                held.add(permit.get());
            }
            book(token, newKey(), request(hall.code(), day, start, freshTaxpayerId()))
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .exists(HttpHeaders.RETRY_AFTER)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("TRY_LATER");
            // Refused at the door: neither the token nor the body is looked at.
            web.post()
                    .uri("/api/v1/bookings")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{not json")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .exists(HttpHeaders.RETRY_AFTER)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("TRY_LATER");
            // Reading bookings is not bounded by the claims in flight.
            web.get()
                    .uri("/api/v1/bookings")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isOk();
        } finally {
            held.forEach(permit -> permit.release(false));
        }
        // Operators see both door refusals under the bookings route (not uri="UNKNOWN"), and the
        // bound's own count: the two refusals and the try that found the bound full.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(bookingsAnswered503() - routedBefore).isEqualTo(2));
        assertThat(refusedByTheBound() - refusedBefore).isEqualTo(3.0);
        book(token, newKey(), request(hall.code(), day, start, freshTaxpayerId()))
                .expectStatus()
                .isCreated();
    }

    @Test
    void should_limit_booking_attempts_of_one_phone() {
        int refused = 0;
        for (int attempt = 0; attempt < 31 && refused == 0; attempt++) {
            int status = book(token, newKey(), request("99999999", day, start, freshTaxpayerId()))
                    .returnResult(Void.class)
                    .getStatus()
                    .value();
            refused += status == 429 ? 1 : 0;
        }
        expect(book(token, newKey(), request(hall.code(), day, start, freshTaxpayerId())), 429, "RATE_LIMITED");
        // Another agent is not affected.
        book(verifiedToken(web, freshPhone()), newKey(), request(hall.code(), day, start, freshTaxpayerId()))
                .expectStatus()
                .isCreated();
    }

    private String bookOk(String bearer, String taxpayerId) {
        return String.valueOf(book(bearer, newKey(), request(hall.code(), day, start, taxpayerId))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id"));
    }

    private ResponseSpec book(String bearer, String key, Map<String, Object> body) {
        return web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec expect(
            ResponseSpec response, int status, String code) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(code);
    }

    private double refusedByTheBound() {
        return meters.get("yuyue.booking.claims.refused").counter().count();
    }

    private long bookingsAnswered503() {
        return meters
                .find("http.server.requests")
                .tags("method", "POST", "uri", "/api/v1/bookings", "status", "503")
                .timers()
                .stream()
                .mapToLong(Timer::count)
                .sum();
    }
}
