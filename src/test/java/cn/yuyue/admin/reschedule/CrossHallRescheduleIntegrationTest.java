package cn.yuyue.admin.reschedule;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.AdminTestSupport;
import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.hall.Hall;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * Rule 4 across halls: the hall proposes a slot at another hall of its city; the new place is held
 * there at once, the old one goes back only on accept, and a decline or silence gives the held place
 * back; a hall of another city is refused and nothing changes.
 */
class CrossHallRescheduleIntegrationTest extends AdminTestSupport {

    @Autowired
    RescheduleExpiry expiry;

    @Autowired
    SlotInventory inventory;

    @Autowired
    BookingEvents events;

    @Autowired
    BookingJson json;

    /** The hall at {@code index} and another hall of its city, both open on a common day. */
    private record Pair(String from, String to, LocalDate day) {}

    private Pair pair(int index) {
        Hall from = catalogue.halls(null, null).get(index);
        LocalDate day = nextOpenDay(catalogue, from.code());
        String to = catalogue.halls(from.cityCode(), null).stream()
                .map(Hall::code)
                .filter(code -> !code.equals(from.code())
                        && !catalogue.plan(code, day).slots().isEmpty())
                .reduce((first, second) -> second)
                .orElseThrow();
        return new Pair(from.code(), to, day);
    }

    private String otherCity(String hall) {
        String city = catalogue.hall(hall).orElseThrow().cityCode();
        return catalogue.halls(null, null).stream()
                .filter(other -> !other.cityCode().equals(city))
                .map(Hall::code)
                .reduce((first, second) -> second)
                .orElseThrow();
    }

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

    private ResponseSpec propose(String hall, String id, String toHall, LocalDate day, LocalTime start) {
        return web.post()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}/reschedule", hall, id)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of("date", day.toString(), "start", start.toString(), "reason", "大厅装修", "hallCode", toHall))
                .exchange();
    }

    private String bookingStatus(String token, String id) {
        return String.valueOf(web.get()
                .uri("/api/v1/bookings/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("status"));
    }

    private String durableHall(String id) {
        return database.sql("SELECT hall_code FROM bookings WHERE id = :id")
                .bind("id", id)
                .map(row -> row.get("hall_code", String.class))
                .one()
                .block(patience());
    }

    private Map<String, Object> durableProposal(String id) {
        return database.sql("SELECT status, hall_code, new_hall_code FROM reschedule_proposals WHERE booking_id = :id")
                .bind("id", id)
                .fetch()
                .one()
                .block(patience());
    }

    @Test
    void should_move_the_booking_to_the_other_hall_on_accept_and_release_the_old_place_only_then() {
        Pair pair = pair(210);
        LocalTime from = slot(pair.from(), pair.day(), 0);
        LocalTime to = slot(pair.to(), pair.day(), 2);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String id = String.valueOf(booked(pair.from(), pair.day(), from, freshTaxpayerId(), "丁一", phone)
                .get("id"));
        int fromBefore = remaining(pair.from(), pair.day(), from);
        int toBefore = remaining(pair.to(), pair.day(), to);

        long proposing = System.nanoTime();
        Map<?, ?> proposal = propose(pair.from(), id, pair.to(), pair.day(), to)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        long proposedMillis = (System.nanoTime() - proposing) / 1_000_000;
        assertThat(proposal.get("newHallCode")).isEqualTo(pair.to());
        assertThat(proposal.get("hallCode")).isEqualTo(pair.from());
        assertThat(remaining(pair.to(), pair.day(), to)).isEqualTo(toBefore - 1);
        assertThat(remaining(pair.from(), pair.day(), from)).isEqualTo(fromBefore);
        awaitDurable(id, "RESCHEDULE_PROPOSED");
        // The proposal's SMS is sent by the event consumer, after the booking's own confirmation SMS.
        String newHall = catalogue.hall(pair.to()).orElseThrow().name();
        await().atMost(patience())
                .untilAsserted(() -> assertThat(smsTexts(phone))
                        .anySatisfy(text -> assertThat(text).contains("大厅装修", newHall, to.toString())));

        long accepting = System.nanoTime();
        Map<?, ?> moved = web.post()
                .uri("/api/v1/bookings/{id}/reschedule/accept", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        System.out.printf(
                "CROSS-HALL RESCHEDULE propose answered in %d ms, accept answered in %d ms%n",
                proposedMillis, (System.nanoTime() - accepting) / 1_000_000);
        String newId = String.valueOf(moved.get("id"));
        assertThat(newId).isEqualTo(proposal.get("newBookingId"));
        assertThat(moved.get("hallCode")).isEqualTo(pair.to());
        assertThat(moved.get("status")).isEqualTo("BOOKED");
        assertThat(remaining(pair.from(), pair.day(), from)).isEqualTo(fromBefore + 1);
        assertThat(remaining(pair.to(), pair.day(), to)).isEqualTo(toBefore - 1);
        assertThat(bookingStatus(token, id)).isEqualTo("WITHDRAWN_BY_HALL");
        assertThat(bookingStatus(token, newId)).isEqualTo("BOOKED");
        awaitDurable(id, "WITHDRAWN_BY_HALL");
        awaitDurable(newId, "BOOKED");
        assertThat(durableHall(newId)).isEqualTo(pair.to());
        assertThat(durableProposal(id))
                .containsEntry("status", "ACCEPTED")
                .containsEntry("hall_code", pair.from())
                .containsEntry("new_hall_code", pair.to());
    }

    @Test
    void should_give_the_other_hall_its_place_back_when_declined_or_left_unanswered() {
        Pair pair = pair(215);
        LocalTime from = slot(pair.from(), pair.day(), 1);
        LocalTime to = slot(pair.to(), pair.day(), 3);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String declined = String.valueOf(booked(pair.from(), pair.day(), from, freshTaxpayerId(), "丁二", phone)
                .get("id"));
        String silent = String.valueOf(booked(pair.from(), pair.day(), from, freshTaxpayerId(), "丁三", phone)
                .get("id"));
        int fromBefore = remaining(pair.from(), pair.day(), from);
        int toBefore = remaining(pair.to(), pair.day(), to);

        propose(pair.from(), declined, pair.to(), pair.day(), to).expectStatus().isCreated();
        Map<?, ?> unanswered = propose(pair.from(), silent, pair.to(), pair.day(), to)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(remaining(pair.to(), pair.day(), to)).isEqualTo(toBefore - 2);

        web.post()
                .uri("/api/v1/bookings/{id}/reschedule/decline", declined)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(remaining(pair.to(), pair.day(), to)).isEqualTo(toBefore - 1);
        assertThat(remaining(pair.from(), pair.day(), from)).isEqualTo(fromBefore + 1);
        assertThat(bookingStatus(token, declined)).isEqualTo("WITHDRAWN_BY_HALL");

        ZonedDateTime deadline =
                OffsetDateTime.parse(String.valueOf(unanswered.get("deadline"))).atZoneSameInstant(ProvinceTime.ZONE);
        try {
            clock.setNow(deadline.plusMinutes(1));
            assertThat(expiry.expireOverdue().block(patience())).isGreaterThanOrEqualTo(1);
        } finally {
            clock.reset();
        }
        assertThat(remaining(pair.to(), pair.day(), to)).isEqualTo(toBefore);
        assertThat(remaining(pair.from(), pair.day(), from)).isEqualTo(fromBefore + 2);
        assertThat(bookingStatus(token, silent)).isEqualTo("WITHDRAWN_BY_HALL");
        awaitDurable(declined, "WITHDRAWN_BY_HALL");
        awaitDurable(silent, "WITHDRAWN_BY_HALL");
        assertThat(durableProposal(declined)).containsEntry("status", "DECLINED");
        assertThat(durableProposal(silent)).containsEntry("status", "EXPIRED");
    }

    @Test
    void should_refuse_a_hall_of_another_city_or_one_where_the_taxpayer_is_booked_and_change_nothing() {
        Pair pair = pair(220);
        String elsewhere = otherCity(pair.from());
        LocalTime from = slot(pair.from(), pair.day(), 0);
        LocalTime to = slot(pair.to(), pair.day(), 1);
        String taxpayerId = freshTaxpayerId();
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String id = String.valueOf(
                booked(pair.from(), pair.day(), from, taxpayerId, "丁四", phone).get("id"));
        LocalDate elsewhereDay = nextOpenDay(catalogue, elsewhere);
        LocalTime elsewhereStart = slot(elsewhere, elsewhereDay, 0);
        int elsewhereBefore = remaining(elsewhere, elsewhereDay, elsewhereStart);

        problem(propose(pair.from(), id, elsewhere, elsewhereDay, elsewhereStart), 422, ProposingReschedule.OTHER_CITY);
        problem(propose(pair.from(), id, "99999999", pair.day(), to), 404, "HALL_NOT_FOUND");
        assertThat(remaining(elsewhere, elsewhereDay, elsewhereStart)).isEqualTo(elsewhereBefore);

        // The same taxpayer already booked at the other hall that day (rule 2).
        booked(pair.to(), pair.day(), slot(pair.to(), pair.day(), 4), taxpayerId, "丁四", phone);
        int toBefore = remaining(pair.to(), pair.day(), to);
        problem(propose(pair.from(), id, pair.to(), pair.day(), to), 409, "DUPLICATE_BOOKING");
        assertThat(remaining(pair.to(), pair.day(), to)).isEqualTo(toBefore);
        assertThat(bookingStatus(token, id)).isEqualTo("BOOKED");
        web.get()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}/reschedule", pair.from(), id)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(pair.from())))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void should_finish_at_both_halls_an_accept_whose_events_are_durable_when_the_proposal_then_expires() {
        Pair pair = pair(225);
        LocalTime from = slot(pair.from(), pair.day(), 1);
        LocalTime to = slot(pair.to(), pair.day(), 3);
        String id = String.valueOf(booked(pair.from(), pair.day(), from, freshTaxpayerId(), "丁五", freshPhone())
                .get("id"));
        int fromBefore = remaining(pair.from(), pair.day(), from);
        int toBefore = remaining(pair.to(), pair.day(), to);
        Map<?, ?> proposal = propose(pair.from(), id, pair.to(), pair.day(), to)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String newId = String.valueOf(proposal.get("newBookingId"));
        awaitDurable(id, "RESCHEDULE_PROPOSED");
        // An accept that died after its events were durable, before either hall's Redis step.
        Booking moved = json.read(inventory
                        .record(new HallDay(pair.to(), pair.day()), newId)
                        .block(patience())
                        .orElseThrow())
                .withStatus(BookingStatus.BOOKED, Instant.now());
        events.publish(new BookingEvent.BookingConfirmed("accept-" + newId, Instant.now(), moved))
                .block(patience());
        events.publish(new BookingEvent.BookingRescheduled(
                        "moved-" + id, Instant.now(), id, pair.from(), pair.day(), newId))
                .block(patience());
        assertThat(remaining(pair.from(), pair.day(), from))
                .as("both places taken meanwhile")
                .isEqualTo(fromBefore);
        assertThat(remaining(pair.to(), pair.day(), to)).isEqualTo(toBefore - 1);

        ZonedDateTime deadline =
                OffsetDateTime.parse(String.valueOf(proposal.get("deadline"))).atZoneSameInstant(ProvinceTime.ZONE);
        try {
            clock.setNow(deadline.plusMinutes(1));
            assertThat(expiry.expireOverdue().block(patience())).isGreaterThanOrEqualTo(1);
        } finally {
            clock.reset();
        }

        assertThat(remaining(pair.to(), pair.day(), to))
                .as("the moved booking keeps its place")
                .isEqualTo(toBefore - 1);
        assertThat(remaining(pair.from(), pair.day(), from)).isEqualTo(fromBefore + 1);
        awaitDurable(newId, "BOOKED");
        awaitDurable(id, "WITHDRAWN_BY_HALL");
        assertThat(durableHall(newId)).isEqualTo(pair.to());
        assertThat(durableProposal(id)).containsEntry("status", "ACCEPTED");
    }
}
