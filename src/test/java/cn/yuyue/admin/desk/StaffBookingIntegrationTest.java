package cn.yuyue.admin.desk;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.AdminTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Phone and walk-in bookings made by staff, and the desk's booking list. */
class StaffBookingIntegrationTest extends AdminTestSupport {

    @Test
    void should_book_by_phone_and_walk_in_through_the_same_inventory_and_list_them_at_the_desk() {
        String hall = hall(40);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime start = slot(hall, day, 2);
        String phone = freshPhone();

        Map<?, ?> byPhone = booked(hall, day, start, freshTaxpayerId(), "王五", phone);
        assertThat(byPhone.get("channel")).isEqualTo("PHONE");
        assertThat(byPhone.get("status")).isEqualTo("BOOKED");
        assertThat(byPhone.get("transferNeeded")).isEqualTo(List.of("DEREGISTRATION"));
        assertThat(String.valueOf(byPhone.get("phone"))).contains("****");
        Map<?, ?> walkIn = staffBook(admin(hall), hall, day, start, freshTaxpayerId(), "赵六", freshPhone(), "WALK_IN")
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(walkIn.get("channel")).isEqualTo("WALK_IN");
        assertThat(walkIn.get("appointmentNo")).isNotEqualTo(byPhone.get("appointmentNo"));

        List<?> desk = web.get()
                .uri("/api/v1/admin/halls/{hall}/bookings?date={day}", hall, day)
                .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(desk.stream()
                        .map(entry -> String.valueOf(((Map<?, ?>) entry).get("id")))
                        .toList())
                .contains(String.valueOf(byPhone.get("id")), String.valueOf(walkIn.get("id")));
        awaitDurable(String.valueOf(byPhone.get("id")), "BOOKED");
        web.get()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}", hall, byPhone.get("id"))
                .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.channel")
                .isEqualTo("PHONE");
    }

    @Test
    void should_apply_the_booking_rules_to_staff_bookings() {
        String hall = hall(41);
        LocalDate day = nextOpenDay(catalogue, hall);
        String taxpayer = freshTaxpayerId();
        booked(hall, day, slot(hall, day, 0), taxpayer, "孙七", freshPhone());
        problem(
                staffBook(guide(hall), hall, day, slot(hall, day, 1), taxpayer, "孙七", freshPhone(), "WALK_IN"),
                409,
                "DUPLICATE_BOOKING");
        problem(
                staffBook(guide(hall), hall, day, slot(hall, day, 1), freshTaxpayerId(), "孙七", freshPhone(), "ONLINE"),
                400,
                "VALIDATION_FAILED");
        problem(
                staffBook(
                        guide(hall),
                        hall,
                        day.plusDays(30),
                        slot(hall, day, 1),
                        freshTaxpayerId(),
                        "孙七",
                        freshPhone(),
                        "PHONE"),
                422,
                "OUTSIDE_BOOKING_WINDOW");
    }

    @Test
    void should_replay_a_staff_booking_with_the_same_key() {
        String hall = hall(42);
        LocalDate day = nextOpenDay(catalogue, hall);
        String key = newKey();
        Map<String, Object> body = Map.of(
                "date",
                day.toString(),
                "start",
                slot(hall, day, 0).toString(),
                "taxpayerId",
                freshTaxpayerId(),
                "taxpayerName",
                "周八",
                "businessTypes",
                List.of("TAX_FILING"),
                "phone",
                freshPhone(),
                "channel",
                "PHONE");
        String first = web.post()
                .uri("/api/v1/admin/halls/{hall}/bookings", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .toString();
        web.post()
                .uri("/api/v1/admin/halls/{hall}/bookings", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(first);
    }
}
