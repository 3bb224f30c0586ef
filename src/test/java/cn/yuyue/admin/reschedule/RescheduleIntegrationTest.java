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
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.SlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** Rule 4: the hall proposes, the taxpayer accepts or declines, silence withdraws without penalty. */
class RescheduleIntegrationTest extends AdminTestSupport {

    @Autowired
    RescheduleExpiry expiry;

    @Autowired
    RescheduleProposals proposals;

    @Autowired
    SlotInventory inventory;

    @Autowired
    LiveBookings live;

    @Autowired
    BookingEvents events;

    @Autowired
    BookingJson json;

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

    private ResponseSpec propose(String hall, String id, LocalDate day, LocalTime start) {
        return web.post()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}/reschedule", hall, id)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", day.toString(), "start", start.toString(), "reason", "系统故障"))
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

    @Test
    void should_move_the_booking_when_the_taxpayer_accepts_and_release_the_old_place_only_then() {
        String hall = hall(70);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime from = slot(hall, day, 0);
        LocalTime to = slot(hall, day, 4);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String id = String.valueOf(
                booked(hall, day, from, freshTaxpayerId(), "丙一", phone).get("id"));
        int fromBefore = remaining(hall, day, from);
        int toBefore = remaining(hall, day, to);

        Map<?, ?> proposal = propose(hall, id, day, to)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(proposal.get("status")).isEqualTo("PROPOSED");
        assertThat(remaining(hall, day, to)).isEqualTo(toBefore - 1);
        assertThat(remaining(hall, day, from)).isEqualTo(fromBefore);
        assertThat(bookingStatus(token, id)).isEqualTo("RESCHEDULE_PROPOSED");
        awaitDurable(id, "RESCHEDULE_PROPOSED");
        // The proposal's SMS is sent by the event consumer, after the booking's own confirmation SMS.
        await().atMost(patience())
                .untilAsserted(() -> assertThat(smsTexts(phone))
                        .anySatisfy(text -> assertThat(text).contains("系统故障", to.toString())));
        problem(propose(hall, id, day, slot(hall, day, 5)), 409, "BOOKING_NOT_ACTIVE");

        String stranger = verifiedToken(web, freshPhone());
        problem(
                web.post()
                        .uri("/api/v1/bookings/{id}/reschedule/accept", id)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger)
                        .exchange(),
                403,
                "FORBIDDEN");
        Map<?, ?> moved = web.post()
                .uri("/api/v1/bookings/{id}/reschedule/accept", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(moved.get("id")).isEqualTo(proposal.get("newBookingId"));
        assertThat(moved.get("start")).isEqualTo(to.toString());
        assertThat(moved.get("status")).isEqualTo("BOOKED");
        assertThat(remaining(hall, day, from)).isEqualTo(fromBefore + 1);
        assertThat(remaining(hall, day, to)).isEqualTo(toBefore - 1);
        assertThat(bookingStatus(token, id)).isEqualTo("WITHDRAWN_BY_HALL");
        assertThat(bookingStatus(token, String.valueOf(moved.get("id")))).isEqualTo("BOOKED");
        awaitDurable(id, "WITHDRAWN_BY_HALL");
        awaitDurable(String.valueOf(moved.get("id")), "BOOKED");
        problem(
                web.post()
                        .uri("/api/v1/bookings/{id}/reschedule/decline", id)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .exchange(),
                409,
                "PROPOSAL_ANSWERED");
    }

    @Test
    void should_withdraw_without_penalty_when_the_taxpayer_declines() {
        String hall = hall(71);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime from = slot(hall, day, 0);
        LocalDate later = day.plusDays(1);
        while (catalogue.plan(hall, later).slots().isEmpty()) {
            later = later.plusDays(1);
        }
        LocalTime to = slot(hall, later, 2);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String id = String.valueOf(
                booked(hall, day, from, freshTaxpayerId(), "丙二", phone).get("id"));
        int fromBefore = remaining(hall, day, from);
        int toBefore = remaining(hall, later, to);
        propose(hall, id, later, to).expectStatus().isCreated();
        assertThat(remaining(hall, later, to)).isEqualTo(toBefore - 1);

        web.get()
                .uri("/api/v1/bookings/{id}/reschedule", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("系统故障");
        web.post()
                .uri("/api/v1/bookings/{id}/reschedule/decline", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(remaining(hall, later, to)).isEqualTo(toBefore);
        assertThat(remaining(hall, day, from)).isEqualTo(fromBefore + 1);
        assertThat(bookingStatus(token, id)).isEqualTo("WITHDRAWN_BY_HALL");
        awaitDurable(id, "WITHDRAWN_BY_HALL");
    }

    @Test
    void should_withdraw_an_unanswered_proposal_after_its_deadline() {
        String hall = hall(72);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime from = slot(hall, day, 1);
        LocalTime to = slot(hall, day, 3);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String id = String.valueOf(
                booked(hall, day, from, freshTaxpayerId(), "丙三", phone).get("id"));
        int toBefore = remaining(hall, day, to);
        Map<?, ?> proposal = propose(hall, id, day, to)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        ZonedDateTime deadline =
                OffsetDateTime.parse(String.valueOf(proposal.get("deadline"))).atZoneSameInstant(ProvinceTime.ZONE);
        assertThat(deadline).isBeforeOrEqualTo(day.atTime(from).atZone(ProvinceTime.ZONE));
        try {
            // Other tests' proposals share the clock, so the count is not this proposal's alone: judge by its own
            // state.
            clock.setNow(deadline.minusMinutes(1));
            expiry.expireOverdue().block(patience());
            web.get()
                    .uri("/api/v1/admin/halls/{hall}/bookings/{id}/reschedule", hall, id)
                    .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("PROPOSED");
            clock.setNow(deadline.plusMinutes(1));
            assertThat(expiry.expireOverdue().block(patience())).isGreaterThanOrEqualTo(1);
        } finally {
            clock.reset();
        }
        assertThat(remaining(hall, day, to)).isEqualTo(toBefore);
        assertThat(bookingStatus(token, id)).isEqualTo("WITHDRAWN_BY_HALL");
        web.get()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}/reschedule", hall, id)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("EXPIRED");
        awaitDurable(id, "WITHDRAWN_BY_HALL");
    }

    @Test
    void should_finish_an_accept_whose_events_are_durable_when_the_proposal_then_expires() {
        String hall = hall(73);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime from = slot(hall, day, 1);
        LocalTime to = slot(hall, day, 3);
        String id = String.valueOf(
                booked(hall, day, from, freshTaxpayerId(), "丙四", freshPhone()).get("id"));
        int fromBefore = remaining(hall, day, from);
        int toBefore = remaining(hall, day, to);
        Map<?, ?> proposal = propose(hall, id, day, to)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String newId = String.valueOf(proposal.get("newBookingId"));
        awaitDurable(id, "RESCHEDULE_PROPOSED");
        // An accept whose Kafka step succeeded and whose Redis steps and decision then failed.
        HallDay hallDay = new HallDay(hall, day);
        Booking moved = json.read(
                        inventory.record(hallDay, newId).block(patience()).orElseThrow())
                .withStatus(BookingStatus.BOOKED, Instant.now());
        events.publish(new BookingEvent.BookingConfirmed("accept-" + newId, Instant.now(), moved))
                .block(patience());
        events.publish(new BookingEvent.BookingRescheduled("moved-" + id, Instant.now(), id, hall, day, newId))
                .block(patience());

        expireNow(proposal);

        assertThat(remaining(hall, day, to))
                .as("the new booking keeps its place")
                .isEqualTo(toBefore - 1);
        assertThat(remaining(hall, day, from)).isEqualTo(fromBefore + 1);
        awaitDurable(newId, "BOOKED");
        awaitDurable(id, "WITHDRAWN_BY_HALL");
        web.get()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}/reschedule", hall, id)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ACCEPTED");
    }

    @Test
    void should_drop_a_proposal_that_never_reached_the_event_log_and_keep_the_booking() {
        String hall = hall(74);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime from = slot(hall, day, 1);
        LocalTime to = slot(hall, day, 3);
        String id = String.valueOf(
                booked(hall, day, from, freshTaxpayerId(), "丙五", freshPhone()).get("id"));
        awaitDurable(id, "BOOKED");
        int toBefore = remaining(hall, day, to);
        // A proposal whose instance died after recording it and before its event was written.
        HallDay hallDay = new HallDay(hall, day);
        Instant now = Instant.now();
        Booking old = json.read(inventory.record(hallDay, id).block(patience()).orElseThrow());
        String newId = old.id().substring(0, old.id().length() - 1) + (old.id().endsWith("Z") ? "Y" : "Z");
        LocalTime toEnd = catalogue.plan(hall, day).slots().stream()
                .filter(slot -> slot.start().equals(to))
                .findFirst()
                .orElseThrow()
                .end();
        Booking held = new Booking(
                newId,
                0,
                hall,
                day,
                to,
                toEnd,
                BookingStatus.PENDING,
                old.taxpayerId(),
                old.taxpayerName(),
                old.phone(),
                old.businessTypes(),
                old.channel(),
                "reschedule-" + id,
                "reschedule",
                now,
                now);
        assertThat(live.hold(hallDay, to, newId, old.taxpayerId(), json.write(held), now)
                        .block(patience()))
                .isInstanceOf(LiveBookings.Hold.Held.class);
        proposals
                .insert(new RescheduleProposals.Proposal(
                        id,
                        hall,
                        newId,
                        day,
                        to,
                        toEnd,
                        "系统故障",
                        now.plusSeconds(60),
                        "PROPOSED",
                        "admin-" + hall,
                        now,
                        null,
                        hall))
                .block(patience());
        live.changeStatus(hallDay, id, "BOOKED", "RESCHEDULE_PROPOSED", now).block(patience());

        try {
            clock.setNow(ZonedDateTime.now(ProvinceTime.ZONE).plusMinutes(5));
            assertThat(expiry.expireOverdue().block(patience())).isGreaterThanOrEqualTo(1);
        } finally {
            clock.reset();
        }

        assertThat(remaining(hall, day, to)).as("the held place is back").isEqualTo(toBefore);
        assertThat(json.read(inventory.record(hallDay, id).block(patience()).orElseThrow())
                        .status())
                .isEqualTo(BookingStatus.BOOKED);
        assertThat(proposals.find(id).block(patience())).isEmpty();
        awaitDurable(id, "BOOKED");
    }

    private void expireNow(Map<?, ?> proposal) {
        ZonedDateTime deadline =
                OffsetDateTime.parse(String.valueOf(proposal.get("deadline"))).atZoneSameInstant(ProvinceTime.ZONE);
        try {
            clock.setNow(deadline.plusMinutes(1));
            assertThat(expiry.expireOverdue().block(patience())).isGreaterThanOrEqualTo(1);
        } finally {
            clock.reset();
        }
    }
}
