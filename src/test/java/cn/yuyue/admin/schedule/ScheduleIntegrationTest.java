package cn.yuyue.admin.schedule;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.AdminTestSupport;
import cn.yuyue.hall.Hall;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Capacity and closures reach the live inventory atomically, never below the places booked. */
class ScheduleIntegrationTest extends AdminTestSupport {

    @Autowired
    RedisSlotInventory inventory;

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
                        .orElse(-1);
    }

    private Map<String, Object> body(Hall.Schedule schedule, int windows, int places) {
        return Map.of(
                "morningStart",
                schedule.morningStart().toString(),
                "morningEnd",
                schedule.morningEnd().toString(),
                "afternoonStart",
                schedule.afternoonStart().toString(),
                "afternoonEnd",
                schedule.afternoonEnd().toString(),
                "slotMinutes",
                schedule.slotMinutes(),
                "dedicatedWindows",
                windows,
                "placesPerWindow",
                places);
    }

    @Test
    void should_bring_built_days_to_an_edit_made_elsewhere() {
        String hall = hall(62);
        LocalDate day = nextOpenDay(catalogue, hall);
        HallDay hallDay = new HallDay(hall, day);
        assertThat(remaining(hall, day, slot(hall, day, 0))).isPositive();
        try {
            // As another instance's closure, or the operator's SQL, arrives here: no adjustment of its own.
            database.sql("INSERT INTO hall_closures (hall_code, day, reason) VALUES (:hall, :day, '停电')")
                    .bind("hall", hall)
                    .bind("day", day)
                    .then()
                    .block(patience());

            await().atMost(patience())
                    .until(() -> inventory.remaining(hallDay).block(patience()).isEmpty());
            assertThat(inventory.isBuilt(hallDay).block(patience())).isTrue();
        } finally {
            database.sql("DELETE FROM hall_closures WHERE hall_code = :hall AND day = :day")
                    .bind("hall", hall)
                    .bind("day", day)
                    .then()
                    .block(patience());
        }
        await().atMost(patience())
                .until(() -> !inventory.remaining(hallDay).block(patience()).isEmpty());
    }

    @Test
    void should_change_capacity_of_built_days_but_never_below_the_places_booked() {
        String hall = hall(60);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime start = slot(hall, day, 0);
        Hall.Schedule schedule = catalogue.hall(hall).orElseThrow().schedule();
        booked(hall, day, start, freshTaxpayerId(), "甲一", freshPhone());
        booked(hall, day, start, freshTaxpayerId(), "甲二", freshPhone());
        assertThat(remaining(hall, day, start)).isEqualTo(schedule.slotCapacity() - 2);

        web.put()
                .uri("/api/v1/admin/halls/{hall}/schedule", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(schedule, schedule.dedicatedWindows() + 1, 5))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.placesPerWindow")
                .isEqualTo(5);
        int bigger = (schedule.dedicatedWindows() + 1) * 5;
        assertThat(catalogue.hall(hall).orElseThrow().schedule().slotCapacity()).isEqualTo(bigger);
        assertThat(remaining(hall, day, start)).isEqualTo(bigger - 2);

        problem(
                web.put()
                        .uri("/api/v1/admin/halls/{hall}/schedule", hall)
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body(schedule, 1, 1))
                        .exchange(),
                409,
                "CAPACITY_BELOW_BOOKED");
        assertThat(catalogue.hall(hall).orElseThrow().schedule().slotCapacity()).isEqualTo(bigger);
        assertThat(remaining(hall, day, start)).isEqualTo(bigger - 2);

        problem(
                web.put()
                        .uri("/api/v1/admin/halls/{hall}/schedule", hall)
                        .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body(schedule, 2, 2))
                        .exchange(),
                403,
                "FORBIDDEN");
        web.put()
                .uri("/api/v1/admin/halls/{hall}/schedule", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(schedule, schedule.dedicatedWindows(), schedule.placesPerWindow()))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(remaining(hall, day, start)).isEqualTo(schedule.slotCapacity() - 2);
    }

    @Test
    void should_close_an_empty_slot_and_refuse_to_close_one_with_bookings() {
        String hall = hall(61);
        LocalDate day = nextOpenDay(catalogue, hall);
        LocalTime busy = slot(hall, day, 0);
        LocalTime empty = slot(hall, day, 1);
        String id = String.valueOf(
                booked(hall, day, busy, freshTaxpayerId(), "乙一", freshPhone()).get("id"));
        assertThat(remaining(hall, day, empty)).isPositive();

        web.post()
                .uri("/api/v1/admin/halls/{hall}/closures", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", day.toString(), "slotStart", busy.toString(), "reason", "系统维护"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(ChangingSchedule.SLOT_HAS_BOOKINGS)
                .jsonPath("$.bookingIds[0]")
                .isEqualTo(id);
        problem(
                web.post()
                        .uri("/api/v1/admin/halls/{hall}/closures", hall)
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("date", day.toString(), "reason", "停电"))
                        .exchange(),
                409,
                ChangingSchedule.SLOT_HAS_BOOKINGS);

        Map<?, ?> closure = web.post()
                .uri("/api/v1/admin/halls/{hall}/closures", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", day.toString(), "slotStart", empty.toString(), "reason", "系统维护"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(remaining(hall, day, empty)).isEqualTo(-1);
        assertThat(catalogue.plan(hall, day).slots())
                .noneMatch(slot -> slot.start().equals(empty));
        problem(
                staffBook(guide(hall), hall, day, empty, freshTaxpayerId(), "乙二", freshPhone(), "PHONE"),
                404,
                "SLOT_NOT_FOUND");
        web.get()
                .uri("/api/v1/admin/halls/{hall}/closures", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].reason")
                .isEqualTo("系统维护");

        web.delete()
                .uri("/api/v1/admin/halls/{hall}/closures/{id}", hall, closure.get("id"))
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(remaining(hall, day, empty))
                .isEqualTo(catalogue.hall(hall).orElseThrow().schedule().slotCapacity());
        staffBook(guide(hall), hall, day, empty, freshTaxpayerId(), "乙二", freshPhone(), "PHONE")
                .expectStatus()
                .isCreated();
    }
}
