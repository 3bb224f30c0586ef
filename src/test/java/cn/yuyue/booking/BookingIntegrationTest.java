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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** The taxpayer's booking flow against the real Redis, Kafka and PostgreSQL. */
class BookingIntegrationTest extends IntegrationTestSupport {

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    DatabaseClient database;

    private Hall hall(int index) {
        return catalogue.halls(null, null).get(index);
    }

    @Test
    void should_book_read_list_and_cancel() {
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        Hall hall = hall(10);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String start = catalogue.plan(hall.code(), day).slots().get(1).start().toString();
        int before = remaining(hall.code(), day, start);

        Map<?, ?> booking = web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "hallCode",
                        hall.code(),
                        "date",
                        day.toString(),
                        "start",
                        start,
                        "taxpayerId",
                        freshTaxpayerId(),
                        "taxpayerName",
                        "李四",
                        "businessTypes",
                        List.of("TAX_FILING", "DEREGISTRATION")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/api/v1/bookings/"))
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String id = String.valueOf(booking.get("id"));
        assertThat(booking.get("status")).isEqualTo("BOOKED");
        assertThat(String.valueOf(booking.get("appointmentNo"))).matches("[A-Z]\\d{3}");
        assertThat(booking.get("transferNeeded")).isEqualTo(List.of("DEREGISTRATION"));
        assertThat(booking.get("channel")).isEqualTo("ONLINE");
        assertThat(remaining(hall.code(), day, start)).isEqualTo(before - 1);

        web.get()
                .uri("/api/v1/bookings/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id);
        web.get()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].id")
                .isEqualTo(id);
        await().atMost(patience()).until(() -> status(id), "BOOKED"::equals);

        String appointmentNo = String.valueOf(booking.get("appointmentNo"));
        await().atMost(patience())
                .until(() -> smsTexts(phone).stream()
                        .anyMatch(text ->
                                text.contains("预约成功") && text.contains(appointmentNo) && text.contains(hall.name())));

        web.delete()
                .uri("/api/v1/bookings/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isNoContent();
        await().atMost(patience())
                .until(() -> smsTexts(phone).stream()
                        .anyMatch(text -> text.contains("已取消") && text.contains(appointmentNo)));
        assertThat(remaining(hall.code(), day, start)).isEqualTo(before);
        web.get()
                .uri("/api/v1/bookings/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("CANCELLED");
        await().atMost(patience()).until(() -> status(id), "CANCELLED"::equals);
    }

    @Test
    void should_return_the_same_booking_for_the_same_key_and_body() {
        String token = verifiedToken(web, freshPhone());
        Hall hall = hall(11);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        Map<String, Object> body = request(hall.code(), day, slot(hall, day, 0), freshTaxpayerId());
        String key = newKey();
        String first = book(token, key, body)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .toString();
        book(token, key, body)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(first);

        Map<String, Object> other = new HashMap<>(body);
        other.put("taxpayerId", freshTaxpayerId());
        problem(book(token, key, other), 422, "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void should_let_another_phone_use_the_same_key_at_another_hall() {
        String key = newKey();
        Hall first = hall(14);
        LocalDate firstDay = nextOpenDay(catalogue, first.code());
        book(
                        verifiedToken(web, freshPhone()),
                        key,
                        request(first.code(), firstDay, slot(first, firstDay, 0), freshTaxpayerId()))
                .expectStatus()
                .isCreated();

        Hall second = hall(15);
        LocalDate secondDay = nextOpenDay(catalogue, second.code());
        book(
                        verifiedToken(web, freshPhone()),
                        key,
                        request(second.code(), secondDay, slot(second, secondDay, 0), freshTaxpayerId()))
                .expectStatus()
                .isCreated();
    }

    @Test
    void should_refuse_a_second_active_booking_of_a_taxpayer_at_a_hall_that_day() {
        String token = verifiedToken(web, freshPhone());
        Hall hall = hall(12);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String taxpayer = freshTaxpayerId();
        book(token, newKey(), request(hall.code(), day, slot(hall, day, 0), taxpayer))
                .expectStatus()
                .isCreated();
        problem(
                book(token, newKey(), request(hall.code(), day, slot(hall, day, 1), taxpayer)),
                409,
                "DUPLICATE_BOOKING");
    }

    private ResponseSpec book(String token, String key, Map<String, Object> body) {
        return web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
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

    private String slot(Hall hall, LocalDate day, int index) {
        return catalogue.plan(hall.code(), day).slots().get(index).start().toString();
    }

    private int remaining(String hallCode, LocalDate day, String start) {
        Map<?, ?> slots = web.get()
                .uri("/api/v1/halls/{code}/slots?date={date}", hallCode, day)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((List<?>) slots.get("slots"))
                .stream()
                        .map(Map.class::cast)
                        .filter(slot -> start.equals(slot.get("start")))
                        .map(slot -> ((Number) slot.get("remaining")).intValue())
                        .findFirst()
                        .orElseThrow();
    }

    private List<String> smsTexts(String phone) {
        return web
                .get()
                .uri("/api/v1/dev/sms?phone={phone}", phone)
                .exchange()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody()
                .stream()
                .map(message -> String.valueOf(message.get("text")))
                .toList();
    }

    private String status(String id) {
        return database.sql("SELECT status FROM bookings WHERE id = :id")
                .bind("id", id)
                .map(row -> row.get("status", String.class))
                .one()
                .blockOptional(Duration.ofSeconds(5))
                .orElse(null);
    }
}
