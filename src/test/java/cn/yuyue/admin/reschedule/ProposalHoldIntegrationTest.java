package cn.yuyue.admin.reschedule;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.AdminTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The place booking holds for a proposal goes back when the proposal is not made: here the hall
 * cannot record it, because an earlier proposal of the same booking is still open.
 */
class ProposalHoldIntegrationTest extends AdminTestSupport {

    @Autowired
    RescheduleProposals proposals;

    private int remaining(String hall, LocalDate day, LocalTime start) {
        Map<?, ?> slots = web.get()
                .uri("/api/v1/halls/{code}/slots?date={date}", hall, day)
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

    @Test
    void should_give_the_held_place_back_when_the_proposal_cannot_be_recorded() {
        String hall = hall(100);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime from = slot(hall, day, 0);
        LocalTime to = slot(hall, day, 2);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String id = String.valueOf(
                booked(hall, day, from, freshTaxpayerId(), "戊一", phone).get("id"));
        // An open proposal row of this booking whose own steps never ran (no hold, the booking BOOKED).
        Instant now = Instant.now();
        LocalTime toEnd = catalogue.plan(hall, day).slots().get(2).end();
        proposals
                .insert(new RescheduleProposals.Proposal(
                        id,
                        hall,
                        id + "-open",
                        day,
                        to,
                        toEnd,
                        "系统故障",
                        now.plusSeconds(86_400),
                        "PROPOSED",
                        "admin-" + hall,
                        now,
                        null,
                        hall))
                .block(patience());
        int toBefore = remaining(hall, day, to);

        problem(
                web.post()
                        .uri("/api/v1/admin/halls/{hall}/bookings/{id}/reschedule", hall, id)
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("date", day.toString(), "start", to.toString(), "reason", "系统故障"))
                        .exchange(),
                409,
                "PROPOSAL_OPEN");

        assertThat(remaining(hall, day, to))
                .as("the place held for the refused proposal is back")
                .isEqualTo(toBefore);
        assertThat(web.get()
                        .uri("/api/v1/bookings/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("status"))
                .isEqualTo("BOOKED");
        assertThat(proposals.find(id).block(patience()))
                .hasValueSatisfying(open -> assertThat(open.newBookingId()).isEqualTo(id + "-open"));
    }
}
