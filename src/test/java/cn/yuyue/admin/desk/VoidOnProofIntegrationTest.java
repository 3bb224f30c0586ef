package cn.yuyue.admin.desk;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.AdminTestSupport;
import cn.yuyue.admin.noshow.MarkingNoShows;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * A stranger booked with someone else's taxpayer id; the hall voids the booking once the taxpayer
 * has shown proof at the desk: audited, the place and the taxpayer id free again, no no-show.
 */
class VoidOnProofIntegrationTest extends AdminTestSupport {

    private static final Map<String, Object> PROOF =
            Map.of("reason", "他人冒用纳税人识别号预约", "proof", "营业执照原件，法定代表人身份证 340104199001011234");

    @Autowired
    MarkingNoShows marking;

    @Test
    void should_void_on_proof_free_the_place_and_the_taxpayer_and_audit_it_without_a_no_show() {
        String hall = hall(303);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime start = slot(hall, day, 0);
        String taxpayer = freshTaxpayerId();
        String stranger = freshPhone();
        String strangerToken = verifiedToken(web, stranger);
        String id = String.valueOf(bookOnline(strangerToken, hall, day, start, taxpayer)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id"));
        int before = remaining(hall, day, start);

        web.post()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}/void", hall, id)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(PROOF)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id)
                .jsonPath("$.status")
                .isEqualTo("CANCELLED");

        assertThat(remaining(hall, day, start)).isEqualTo(before + 1);
        awaitDurable(id, "CANCELLED");
        // The taxpayer books the same hall-day again, with their own phone.
        bookOnline(verifiedToken(web, freshPhone()), hall, day, start, taxpayer)
                .expectStatus()
                .isCreated();
        await().atMost(patience()).until(() -> smsTexts(stranger).stream().anyMatch(text -> text.contains("已取消")));
        // Audited, with the numbers typed into the proof masked.
        List<?> audit = web.get()
                .uri("/api/v1/admin/audit?hallCode={hall}", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(audit).anySatisfy(entry -> {
            Map<?, ?> map = (Map<?, ?>) entry;
            assertThat(map.get("action")).isEqualTo("BOOKING_VOIDED");
            assertThat(map.get("bookingId")).isEqualTo(id);
            assertThat(map.get("actor")).isEqualTo("admin-" + hall);
            Map<?, ?> details = (Map<?, ?>) map.get("details");
            assertThat(details.get("reason")).isEqualTo("他人冒用纳税人识别号预约");
            assertThat(String.valueOf(details.get("proof")))
                    .startsWith("营业执照原件")
                    .doesNotContain("340104199001011234");
            assertThat(String.valueOf(details.get("phone"))).doesNotContain(stranger);
        });

        // The slot ends unused: the voided booking is no no-show of the stranger's phone.
        try {
            clock.setNow(day.atTime(23, 0).atZone(ProvinceTime.ZONE));
            marking.sweep(new HallDay(hall, day)).block(patience());
        } finally {
            clock.reset();
        }
        assertThat(durableStatus(id)).isEqualTo("CANCELLED");
        assertThat(database.sql("SELECT count(*) AS n FROM booker_no_shows WHERE phone = :phone")
                        .bind("phone", stranger)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block(patience()))
                .isZero();
    }

    @Test
    void should_refuse_a_void_without_reason_or_proof_of_another_hall_by_a_guide_or_twice() {
        String hall = hall(304);
        String other = hall(303);
        LocalDate day = nextOpenDay(catalogue, hall);
        String id = String.valueOf(booked(hall, day, slot(hall, day, 1), freshTaxpayerId(), "钱九", freshPhone())
                .get("id"));
        LocalDate otherDay = nextOpenDay(catalogue, other);
        String elsewhere =
                String.valueOf(booked(other, otherDay, slot(other, otherDay, 1), freshTaxpayerId(), "孙十", freshPhone())
                        .get("id"));

        problem(voidIt(admin(hall), hall, id, Map.of("proof", "营业执照原件")), 400, "VALIDATION_FAILED");
        problem(voidIt(admin(hall), hall, id, Map.of("reason", "冒用", "proof", " ")), 400, "VALIDATION_FAILED");
        problem(voidIt(guide(hall), hall, id, PROOF), 403, "FORBIDDEN");
        problem(voidIt(admin(other), hall, id, PROOF), 403, "FORBIDDEN");
        // Another hall's booking through this hall's path: not found here.
        problem(voidIt(admin(hall), hall, elsewhere, PROOF), 404, "BOOKING_NOT_FOUND");
        problem(
                voidIt(admin(hall), hall, hall + "-" + day.toString().replace("-", "") + "-0000000000", PROOF),
                404,
                "BOOKING_NOT_FOUND");
        assertThat(remainingStatus(hall, id)).isEqualTo("BOOKED");

        voidIt(admin(hall), hall, id, PROOF).expectStatus().isOk();
        problem(voidIt(admin(hall), hall, id, PROOF), 409, "BOOKING_NOT_ACTIVE");
        // The province operator voids at any hall.
        voidIt(operator(), other, elsewhere, PROOF).expectStatus().isOk();
        awaitDurable(elsewhere, "CANCELLED");
    }

    private ResponseSpec voidIt(String token, String hall, String id, Map<String, Object> body) {
        return web.post()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}/void", hall, id)
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new HashMap<>(body))
                .exchange();
    }

    private String remainingStatus(String hall, String id) {
        return String.valueOf(web.get()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}", hall, id)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("status"));
    }

    private ResponseSpec bookOnline(String token, String hall, LocalDate day, LocalTime start, String taxpayer) {
        return web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(hall, day, start.toString(), taxpayer))
                .exchange();
    }

    private int remaining(String hallCode, LocalDate day, LocalTime start) {
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
                        .filter(slot -> start.toString().equals(slot.get("start")))
                        .map(slot -> ((Number) slot.get("remaining")).intValue())
                        .findFirst()
                        .orElseThrow();
    }
}
