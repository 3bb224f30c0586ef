package cn.yuyue.waitlist;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static cn.yuyue.waitlist.WaitlistFixtures.bookingStatus;
import static cn.yuyue.waitlist.WaitlistFixtures.entryRequest;
import static cn.yuyue.waitlist.WaitlistFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.InventorySource;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** Joining, leaving and being served from the waitlist, against the real Redis, Kafka and PostgreSQL. */
class WaitlistIntegrationTest extends IntegrationTestSupport {

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    DatabaseClient database;

    @Autowired
    RedisSlotInventory inventory;

    @Autowired
    LiveBookings live;

    @Autowired
    ExpiringWaitlist expiring;

    @Autowired
    org.springframework.data.redis.core.ReactiveStringRedisTemplate redis;

    @Test
    void should_join_list_and_leave_and_refuse_what_a_booking_would_refuse() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 250, 1, 1);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String full = slot(hall, day, 0);
        String open = slot(hall, day, 1);
        String holderTaxpayer = freshTaxpayerId();
        String holder = verifiedToken(web, freshPhone());
        book(holder, request(hall.code(), day, full, holderTaxpayer))
                .expectStatus()
                .isCreated();

        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        Map<String, Object> bad = new HashMap<>(entryRequest(hall.code(), day, List.of(), "123"));
        bad.put("businessTypes", List.of("NO_SUCH_TYPE"));
        join(token, newKey(), bad)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[*].field")
                .value(fields -> assertThat(
                                ((List<?>) fields).stream().map(String::valueOf).toList())
                        .contains("starts", "taxpayerId", "businessTypes"));
        problem(
                join(token, newKey(), entryRequest(hall.code(), day, List.of(full, open), freshTaxpayerId())),
                409,
                "SLOT_NOT_FULL");
        problem(
                join(token, newKey(), entryRequest(hall.code(), day, List.of("03:00"), freshTaxpayerId())),
                404,
                "SLOT_NOT_FOUND");
        problem(
                join(token, newKey(), entryRequest(hall.code(), day.minusDays(30), List.of(full), freshTaxpayerId())),
                422,
                "OUTSIDE_BOOKING_WINDOW");
        problem(
                join(token, newKey(), entryRequest(hall.code(), day, List.of(full), holderTaxpayer)),
                409,
                "DUPLICATE_BOOKING");

        String taxpayer = freshTaxpayerId();
        String key = newKey();
        Map<String, Object> body = entryRequest(hall.code(), day, List.of(full), taxpayer);
        Map<?, ?> entry = join(token, key, body)
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String id = String.valueOf(entry.get("id"));
        assertThat(entry.get("state")).isEqualTo("WAITING");
        assertThat(entry.get("position")).isEqualTo(1);
        join(token, key, body)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id);
        problem(
                join(token, key, entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())),
                422,
                "IDEMPOTENCY_KEY_REUSED");
        problem(join(token, newKey(), body), 409, "DUPLICATE_BOOKING");

        web.get()
                .uri("/api/v1/bookings/waitlist")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].id")
                .isEqualTo(id)
                .jsonPath("$[0].state")
                .isEqualTo("WAITING")
                .jsonPath("$[0].position")
                .isEqualTo(1)
                .jsonPath("$[0].starts[0]")
                .isEqualTo(full);

        problem(leave(verifiedToken(web, freshPhone()), id), 403, "FORBIDDEN");
        problem(leave(token, "W0000000000000000000000"), 404, "WAITLIST_ENTRY_NOT_FOUND");
        leave(token, id).expectStatus().isNoContent();
        leave(token, id).expectStatus().isNoContent();
        assertThat(row(database, id).state()).isEqualTo("LEFT");
        web.get()
                .uri("/api/v1/bookings/waitlist")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].state")
                .isEqualTo("LEFT")
                .jsonPath("$[0].position")
                .doesNotExist();
    }

    @Test
    void should_cap_the_entries_a_phone_has_waiting() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 251, 1, 1);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String full = slot(hall, day, 0);
        book(verifiedToken(web, freshPhone()), request(hall.code(), day, full, freshTaxpayerId()))
                .expectStatus()
                .isCreated();
        String token = verifiedToken(web, freshPhone());
        for (int i = 0; i < 3; i++) {
            join(token, newKey(), entryRequest(hall.code(), day, List.of(full), freshTaxpayerId()))
                    .expectStatus()
                    .isCreated();
        }
        problem(
                join(token, newKey(), entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())),
                409,
                "WAITLIST_CAP_REACHED");
    }

    @Test
    void should_book_the_first_in_line_when_a_place_is_cancelled_or_added_by_staff() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 252, 1, 1);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String full = slot(hall, day, 0);
        String holder = verifiedToken(web, freshPhone());
        String held = String.valueOf(book(holder, request(hall.code(), day, full, freshTaxpayerId()))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id"));

        String firstPhone = freshPhone();
        String first = verifiedToken(web, firstPhone);
        String firstId =
                entryId(join(first, newKey(), entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())));
        String secondPhone = freshPhone();
        String second = verifiedToken(web, secondPhone);
        Map<?, ?> secondEntry = join(
                        second,
                        newKey(),
                        entryRequest(hall.code(), day, List.of(slot(hall, day, 0)), freshTaxpayerId()))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String secondId = String.valueOf(secondEntry.get("id"));
        assertThat(secondEntry.get("position")).isEqualTo(2);

        web.delete()
                .uri("/api/v1/bookings/{id}", held)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + holder)
                .exchange()
                .expectStatus()
                .isNoContent();

        await().atMost(patience()).until(() -> row(database, firstId).state(), "BOOKED"::equals);
        String bookingId = row(database, firstId).bookingId();
        await().atMost(patience()).until(() -> bookingStatus(database, bookingId), "BOOKED"::equals);
        web.get()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + first)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].id")
                .isEqualTo(bookingId)
                .jsonPath("$[0].start")
                .isEqualTo(full);
        web.get()
                .uri("/api/v1/bookings/waitlist")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + first)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].state")
                .isEqualTo("BOOKED")
                .jsonPath("$[0].bookingId")
                .isEqualTo(bookingId);
        await().atMost(patience()).until(() -> smsTexts(firstPhone).stream().anyMatch(text -> text.contains("预约成功")));
        assertThat(remaining(hall.code(), day, full)).isZero();
        assertThat(row(database, secondId).state()).isEqualTo("WAITING");
        web.get()
                .uri("/api/v1/bookings/waitlist")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + second)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].position")
                .isEqualTo(1);

        // Staff raise the slot to two places: the new place goes to the line too.
        List<InventorySource.Capacity> raised = catalogue.plan(hall.code(), day).slots().stream()
                .map(slot -> new InventorySource.Capacity(
                        slot.start(), slot.start().toString().equals(full) ? slot.capacity() + 1 : slot.capacity()))
                .toList();
        assertThat(live.adjust(new HallDay(hall.code(), day), raised).block(patience()))
                .isInstanceOf(LiveBookings.Adjustment.Adjusted.class);
        await().atMost(patience()).until(() -> row(database, secondId).state(), "BOOKED"::equals);
        await().atMost(patience()).until(() -> smsTexts(secondPhone).stream().anyMatch(text -> text.contains("预约成功")));
        assertThat(remaining(hall.code(), day, full)).isZero();
    }

    @Test
    void should_expire_with_an_sms_an_entry_that_can_no_longer_be_served() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 253, 1, 1);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String full = slot(hall, day, 0);
        String open = slot(hall, day, 1);
        String holder = verifiedToken(web, freshPhone());
        String held = String.valueOf(book(holder, request(hall.code(), day, full, freshTaxpayerId()))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id"));

        // Booked elsewhere that day meanwhile: at its turn the entry expires and the place goes on.
        String duplicatePhone = freshPhone();
        String duplicateToken = verifiedToken(web, duplicatePhone);
        String duplicateTaxpayer = freshTaxpayerId();
        String duplicateId = entryId(
                join(duplicateToken, newKey(), entryRequest(hall.code(), day, List.of(full), duplicateTaxpayer)));
        String nextPhone = freshPhone();
        String nextToken = verifiedToken(web, nextPhone);
        String nextId =
                entryId(join(nextToken, newKey(), entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())));
        book(duplicateToken, request(hall.code(), day, open, duplicateTaxpayer))
                .expectStatus()
                .isCreated();
        web.delete()
                .uri("/api/v1/bookings/{id}", held)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + holder)
                .exchange()
                .expectStatus()
                .isNoContent();
        await().atMost(patience()).until(() -> row(database, duplicateId).state(), "EXPIRED"::equals);
        await().atMost(patience()).until(() -> row(database, nextId).state(), "BOOKED"::equals);
        await().atMost(patience()).until(() -> smsTexts(duplicatePhone).stream().anyMatch(text -> text.contains("候补")));

        // Within three hours of its only slot nobody can book it any more.
        String lastPhone = freshPhone();
        String lastToken = verifiedToken(web, lastPhone);
        String lastId =
                entryId(join(lastToken, newKey(), entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())));
        SlotPlan slot = catalogue.plan(hall.code(), day).slots().get(0);
        try {
            clock.setNow(day.atTime(slot.start()).minusHours(2).atZone(ProvinceTime.ZONE));
            expiring.sweep().block(patience());
        } finally {
            clock.reset();
        }
        assertThat(row(database, lastId).state()).isEqualTo("EXPIRED");
        await().atMost(patience()).until(() -> smsTexts(lastPhone).stream().anyMatch(text -> text.contains("候补")));
        web.get()
                .uri("/api/v1/bookings/waitlist")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + lastToken)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].state")
                .isEqualTo("EXPIRED")
                .jsonPath("$[0].reason")
                .isEqualTo("TOO_LATE");
    }

    @Test
    void should_expire_the_entry_of_a_booker_locked_meanwhile_and_serve_the_next() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 254, 1, 1);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String full = slot(hall, day, 0);
        String holder = verifiedToken(web, freshPhone());
        String held = String.valueOf(book(holder, request(hall.code(), day, full, freshTaxpayerId()))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id"));
        String lockedPhone = freshPhone();
        String lockedId = entryId(join(
                verifiedToken(web, lockedPhone),
                newKey(),
                entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())));
        String nextId = entryId(join(
                verifiedToken(web, freshPhone()),
                newKey(),
                entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())));

        // The booker's third no-show locks it out while it waits (the lock as the no-show flow writes it).
        redis.opsForValue()
                .set(
                        "yy:lock:{" + lockedPhone + "}",
                        String.valueOf(java.time.Instant.now()
                                .plus(java.time.Duration.ofDays(90))
                                .toEpochMilli()))
                .block(patience());
        web.delete()
                .uri("/api/v1/bookings/{id}", held)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + holder)
                .exchange()
                .expectStatus()
                .isNoContent();

        await().atMost(patience()).until(() -> row(database, lockedId).state(), "EXPIRED"::equals);
        assertThat(row(database, lockedId).bookingId()).isNull();
        await().atMost(patience()).until(() -> row(database, nextId).state(), "BOOKED"::equals);
        await().atMost(patience()).until(() -> smsTexts(lockedPhone).stream().anyMatch(text -> text.contains("候补")));
    }

    @Test
    void should_rebuild_a_lost_line_from_postgresql_and_still_serve_it() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 258, 1, 1);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String full = slot(hall, day, 0);
        String holder = verifiedToken(web, freshPhone());
        String held = String.valueOf(book(holder, request(hall.code(), day, full, freshTaxpayerId()))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id"));
        String entryId = entryId(join(
                verifiedToken(web, freshPhone()),
                newKey(),
                entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())));

        // Redis loses the line (as after a restart); the cancellation then finds nobody waiting.
        String tag = new HallDay(hall.code(), day).hashTag();
        redis.delete(
                        "yy:" + tag + ":line-built",
                        "yy:" + tag + ":line",
                        "yy:" + tag + ":line-entries",
                        "yy:" + tag + ":waiting",
                        "yy:" + tag + ":reserved")
                .block(patience());
        web.delete()
                .uri("/api/v1/bookings/{id}", held)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + holder)
                .exchange()
                .expectStatus()
                .isNoContent();

        await().atMost(patience()).until(() -> row(database, entryId).state(), "BOOKED"::equals);
        assertThat(remaining(hall.code(), day, full)).isZero();
    }

    private ResponseSpec join(String token, String key, Map<String, Object> body) {
        return web.post()
                .uri("/api/v1/bookings/waitlist")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static String entryId(ResponseSpec joined) {
        return String.valueOf(joined.expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id"));
    }

    private ResponseSpec leave(String token, String id) {
        return web.delete()
                .uri("/api/v1/bookings/waitlist/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange();
    }

    private ResponseSpec book(String token, Map<String, Object> body) {
        return web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static void problem(ResponseSpec response, int status, String code) {
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
}
