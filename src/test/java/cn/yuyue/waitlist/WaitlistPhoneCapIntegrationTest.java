package cn.yuyue.waitlist;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static cn.yuyue.waitlist.WaitlistFixtures.entryRequest;
import static cn.yuyue.waitlist.WaitlistFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** A waiting entry whose phone holds the cap of active bookings is not booked: the place goes on. */
class WaitlistPhoneCapIntegrationTest extends IntegrationTestSupport {

    private static final int CAP = 5;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    DatabaseClient database;

    @Autowired
    RedisSlotInventory inventory;

    @Test
    void should_expire_the_entry_of_a_phone_at_its_cap_and_serve_the_next() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 305, 1, 1);
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
        String cappedPhone = freshPhone();
        String capped = verifiedToken(web, cappedPhone);
        String cappedId = entryId(join(capped, entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())));
        String nextId = entryId(join(
                verifiedToken(web, freshPhone()), entryRequest(hall.code(), day, List.of(full), freshTaxpayerId())));
        // While it waits, the phone books up to its cap elsewhere in the day.
        for (int i = 1; i <= CAP; i++) {
            book(capped, request(hall.code(), day, slot(hall, day, i), freshTaxpayerId()))
                    .expectStatus()
                    .isCreated();
        }

        web.delete()
                .uri("/api/v1/bookings/{id}", held)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + holder)
                .exchange()
                .expectStatus()
                .isNoContent();

        await().atMost(patience()).until(() -> row(database, cappedId).state(), "EXPIRED"::equals);
        assertThat(row(database, cappedId).bookingId()).isNull();
        assertThat(reason(cappedId)).isEqualTo("TOO_MANY_ACTIVE_BOOKINGS");
        await().atMost(patience()).until(() -> row(database, nextId).state(), "BOOKED"::equals);
        assertThat(database.sql("SELECT count(*) AS n FROM bookings WHERE phone = :phone")
                        .bind("phone", cappedPhone)
                        .map(row -> row.get("n", Long.class))
                        .one()
                        .block(patience()))
                .isEqualTo(CAP);
    }

    private String reason(String entryId) {
        return database.sql("SELECT reason FROM waitlist_entries WHERE id = :id")
                .bind("id", entryId)
                .map(row -> row.get("reason", String.class))
                .one()
                .block(patience());
    }

    private ResponseSpec join(String token, Map<String, Object> body) {
        return web.post()
                .uri("/api/v1/bookings/waitlist")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
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

    private ResponseSpec book(String token, Map<String, Object> body) {
        return web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private String slot(Hall hall, LocalDate day, int index) {
        return catalogue.plan(hall.code(), day).slots().get(index).start().toString();
    }
}
