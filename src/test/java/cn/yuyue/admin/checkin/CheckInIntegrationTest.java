package cn.yuyue.admin.checkin;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.AdminTestSupport;
import cn.yuyue.platform.ProvinceTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** 现场确认: every answer of the guide's desk, the slip, and the durable CHECKED_IN. */
class CheckInIntegrationTest extends AdminTestSupport {

    @Autowired
    CheckInProperties properties;

    private ResponseSpec checkIn(String hall, String number, String name) {
        return web.post()
                .uri("/api/v1/admin/halls/{hall}/check-ins", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("appointmentNo", number, "taxpayerName", name))
                .exchange();
    }

    @Test
    void should_check_in_at_the_right_hall_day_and_time_and_say_what_is_wrong_otherwise() {
        String hall = hall(45);
        String otherHall = hall(46);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime start = slot(hall, day, 3);
        String taxpayerId = freshTaxpayerId();
        Map<?, ?> booking = booked(hall, day, start, taxpayerId, "钱 多多", freshPhone());
        String id = String.valueOf(booking.get("id"));
        String number = String.valueOf(booking.get("appointmentNo"));
        Map<?, ?> later = booked(hall, day, slot(hall, day, 0), freshTaxpayerId(), "李 早", freshPhone());
        awaitDurable(id, "BOOKED");
        awaitDurable(String.valueOf(later.get("id")), "BOOKED");
        try {
            clock.setNow(day.minusDays(1).atTime(10, 0).atZone(ProvinceTime.ZONE));
            problem(checkIn(hall, number, "钱多多"), 422, "WRONG_DAY");
            checkIn(hall, number, "钱多多")
                    .expectBody()
                    .jsonPath("$.date")
                    .doesNotExist()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).doesNotContain(day.toString()));

            clock.setNow(day.atTime(start).minusMinutes(90).atZone(ProvinceTime.ZONE));
            checkIn(hall, number, "钱多多")
                    .expectStatus()
                    .isEqualTo(422)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("TOO_EARLY")
                    .jsonPath("$.checkInOpensAt")
                    .exists();

            clock.setNow(day.atTime(start).minusMinutes(30).atZone(ProvinceTime.ZONE));
            problem(checkIn(hall, number, "钱少少"), 422, "NAME_MISMATCH");
            problem(checkIn(hall, "Z999", "钱多多"), 404, "APPOINTMENT_NOT_FOUND");
            problem(checkIn(hall, "1234", "钱多多"), 400, "VALIDATION_FAILED");
            problem(checkIn(otherHall, number, "钱多多"), 409, "WRONG_HALL");
            String hallName = catalogue.hall(hall).orElseThrow().name();
            checkIn(otherHall, number, "钱多多")
                    .expectBody()
                    .jsonPath("$.hallCode")
                    .doesNotExist()
                    .jsonPath("$.hallName")
                    .doesNotExist()
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).doesNotContain(hall, hallName));
            problem(checkIn(hall, String.valueOf(later.get("appointmentNo")), "李早"), 422, "TOO_LATE");

            Map<?, ?> checkedIn = checkIn(hall, number.toLowerCase(), "钱多多")
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(((Map<?, ?>) checkedIn.get("booking")).get("status")).isEqualTo("CHECKED_IN");
            problem(checkIn(hall, number, "钱多多"), 409, "ALREADY_CHECKED_IN");

            byte[] page = web.get()
                    .uri(String.valueOf(checkedIn.get("slip")))
                    .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(byte[].class)
                    .returnResult()
                    .getResponseBody();
            String html = new String(page, StandardCharsets.UTF_8);
            assertThat(html)
                    .contains("预约办税单", number, "钱 多多", "@media print", "需内部转号", "charset=\"UTF-8\"")
                    .doesNotContain(taxpayerId);
        } finally {
            clock.reset();
        }
        awaitDurable(id, "CHECKED_IN");
        problem(
                web.get()
                        .uri("/api/v1/admin/halls/{hall}/bookings/{id}/slip", hall, later.get("id"))
                        .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                        .exchange(),
                409,
                "NOT_CHECKED_IN");
    }

    @Test
    void should_audit_refused_check_ins_and_stop_answering_a_prober_with_reasons() {
        String hall = hall(49);
        int budget = properties.refusedPerTenMinutes();
        for (int i = 0; i < budget; i++) {
            problem(checkIn(hall, String.format("Y%03d", i + 1), "无此人"), 404, "APPOINTMENT_NOT_FOUND");
        }
        checkIn(hall, "Y999", "无此人")
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("RATE_LIMITED");

        List<?> entries = web.get()
                .uri("/api/v1/admin/audit?hallCode={hall}", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(entries)
                .filteredOn(entry -> "CHECK_IN_REFUSED".equals(((Map<?, ?>) entry).get("action")))
                .hasSizeGreaterThanOrEqualTo(budget);
    }
}
