package cn.yuyue.admin.noshow;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.AdminTestSupport;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Rule 6: no-shows once, the lock after the third across halls, and the audited unlock. */
class NoShowLockIntegrationTest extends AdminTestSupport {

    @Autowired
    MarkingNoShows marking;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    LiveBookings live;

    @Autowired
    BookerLockStore locks;

    @Autowired
    BookerLockRestore restore;

    @Test
    void should_lock_a_booker_after_the_third_no_show_across_two_halls_and_let_an_admin_unlock() {
        String first = hall(50);
        String second = hall(51);
        LocalDate day = nextOpenDay(catalogue, first);
        while (catalogue.plan(second, day).slots().isEmpty()) {
            day = day.plusDays(1);
        }
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String one = String.valueOf(booked(first, day, slot(first, day, 0), freshTaxpayerId(), "吴一", phone)
                .get("id"));
        String two = String.valueOf(booked(first, day, slot(first, day, 1), freshTaxpayerId(), "吴二", phone)
                .get("id"));
        String three = String.valueOf(booked(second, day, slot(second, day, 0), freshTaxpayerId(), "吴三", phone)
                .get("id"));
        String cancelled = String.valueOf(booked(second, day, slot(second, day, 1), freshTaxpayerId(), "吴四", phone)
                .get("id"));
        web.delete()
                .uri("/api/v1/bookings/{id}", cancelled)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isNoContent();
        try {
            clock.setNow(day.atTime(23, 0).atZone(ProvinceTime.ZONE));
            assertThat(marking.sweep(new HallDay(first, day)).block(patience())).isEqualTo(2);
            assertThat(lockedUntil(phone)).isNull();
            assertThat(marking.sweep(new HallDay(second, day)).block(patience()))
                    .isEqualTo(1);
            // Exactly once: sweeping again marks and counts nothing more.
            assertThat(marking.sweep(new HallDay(first, day)).block(patience())).isZero();
            assertThat(marking.sweep(new HallDay(second, day)).block(patience()))
                    .isZero();
            Instant until =
                    day.atTime(23, 0).atZone(ProvinceTime.ZONE).toInstant().plus(Duration.ofDays(90));
            assertThat(Long.parseLong(lockedUntil(phone)))
                    .isBetween(until.toEpochMilli(), until.toEpochMilli() + 120_000);
            assertThat(redis.getExpire("yy:lock:{" + phone + "}").block(patience()))
                    .isGreaterThan(Duration.ofDays(89));
        } finally {
            clock.reset();
        }
        awaitDurable(one, "NO_SHOW");
        awaitDurable(two, "NO_SHOW");
        awaitDurable(three, "NO_SHOW");
        awaitDurable(cancelled, "CANCELLED");
        assertThat(database.sql("SELECT count(*) AS n FROM booker_no_shows WHERE phone = :phone")
                        .bind("phone", phone)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block(patience()))
                .isEqualTo(3);

        LocalDate next = nextOpenDay(catalogue, hall(52));
        web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(hall(52), next, slot(hall(52), next, 0).toString(), freshTaxpayerId()))
                .exchange()
                .expectStatus()
                .isEqualTo(423)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("BOOKER_LOCKED")
                .jsonPath("$.lockedUntil")
                .exists();
        problem(
                staffBook(
                        guide(hall(52)),
                        hall(52),
                        next,
                        slot(hall(52), next, 0),
                        freshTaxpayerId(),
                        "吴五",
                        phone,
                        "WALK_IN"),
                423,
                "BOOKER_LOCKED");

        web.post()
                .uri("/api/v1/admin/booker-locks/lookup")
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(first)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.locked")
                .isEqualTo(true);
        problem(
                web.post()
                        .uri("/api/v1/admin/booker-locks/unlock")
                        .header(HttpHeaders.AUTHORIZATION, bearer(guide(first)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of(
                                "phone",
                                phone,
                                "documentType",
                                "RESIDENT_ID_CARD",
                                "documentNumber",
                                "340104199001011234"))
                        .exchange(),
                403,
                "FORBIDDEN");
        problem(
                web.post()
                        .uri("/api/v1/admin/booker-locks/unlock")
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin(first)))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of(
                                "phone", phone, "documentType", "LIBRARY_CARD", "documentNumber", "340104199001011234"))
                        .exchange(),
                400,
                "VALIDATION_FAILED");
        web.post()
                .uri("/api/v1/admin/booker-locks/unlock")
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(first)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "phone",
                        phone,
                        "documentType",
                        "RESIDENT_ID_CARD",
                        "documentNumber",
                        "340104199001011234",
                        "note",
                        "seen at the desk"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.locked")
                .isEqualTo(false);
        assertThat(lockedUntil(phone)).isNull();
        staffBook(guide(hall(52)), hall(52), next, slot(hall(52), next, 0), freshTaxpayerId(), "吴五", phone, "WALK_IN")
                .expectStatus()
                .isCreated();

        List<?> audit = web.get()
                .uri("/api/v1/admin/audit?actor={actor}", "admin-" + first)
                .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(audit).anySatisfy(entry -> {
            Map<?, ?> map = (Map<?, ?>) entry;
            assertThat(map.get("action")).isEqualTo("BOOKER_UNLOCKED");
            Map<?, ?> details = (Map<?, ?>) map.get("details");
            assertThat(details.get("documentType")).isEqualTo("RESIDENT_ID_CARD");
            assertThat(String.valueOf(details.get("documentNumber"))).isEqualTo("3401************34");
            assertThat(String.valueOf(details.get("phone"))).doesNotContain(phone);
        });
    }

    @Test
    void should_not_strike_a_cancelled_booking_that_redis_still_shows_as_booked() {
        String hall = hall(53);
        LocalDate day = nextOpenDay(catalogue, hall);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String id = String.valueOf(booked(hall, day, slot(hall, day, 0), freshTaxpayerId(), "吴六", phone)
                .get("id"));
        web.delete()
                .uri("/api/v1/bookings/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isNoContent();
        awaitDurable(id, "CANCELLED");
        // What a cancellation whose Redis step failed leaves behind: Redis still says BOOKED.
        HallDay hallDay = new HallDay(hall, day);
        assertThat(live.changeStatus(hallDay, id, "CANCELLED", "BOOKED", Instant.now())
                        .block(patience()))
                .isEmpty();
        try {
            clock.setNow(day.atTime(23, 0).atZone(ProvinceTime.ZONE));
            assertThat(marking.sweep(hallDay).block(patience())).isZero();
        } finally {
            clock.reset();
        }
        assertThat(database.sql("SELECT count(*) AS n FROM booker_no_shows WHERE phone = :phone")
                        .bind("phone", phone)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block(patience()))
                .isZero();
        awaitDurable(id, "CANCELLED");
        assertThat(live.records(hallDay).block(patience()))
                .filteredOn(record -> record.contains(id))
                .singleElement()
                .asString()
                .contains("\"status\":\"CANCELLED\"");
    }

    @Test
    void should_put_locks_back_when_redis_lost_them_while_running() {
        String phone = freshPhone();
        Instant now = Instant.now();
        locks.lock(phone, now, now.plus(Duration.ofDays(90)), "3 no-shows").block(patience());
        restore.restoreIfLost().block(patience());
        assertThat(restore.restoreIfLost().blockOptional(patience()))
                .as("nothing lost since")
                .isEmpty();

        // What a Redis restart or a failover does to the lock and to the marker alike.
        redis.delete("yy:lock:{" + phone + "}", BookerLockRestore.RESTORED_MARKER)
                .block(patience());
        assertThat(lockedUntil(phone)).isNull();

        assertThat(restore.restoreIfLost().block(patience())).isPositive();
        assertThat(Long.parseLong(lockedUntil(phone)))
                .isEqualTo(now.plus(Duration.ofDays(90)).toEpochMilli());
        locks.unlock(phone, "admin-test", Instant.now()).block(patience());
    }

    private String lockedUntil(String phone) {
        return redis.opsForValue().get("yy:lock:{" + phone + "}").block(patience());
    }
}
