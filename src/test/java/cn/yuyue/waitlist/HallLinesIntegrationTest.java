package cn.yuyue.waitlist;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static cn.yuyue.waitlist.WaitlistFixtures.entryRequest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.admin.security.AccountSeeding;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** Staff read their hall's waitlist lines per slot, in joining order and masked; nobody else's. */
class HallLinesIntegrationTest extends IntegrationTestSupport {

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    DatabaseClient database;

    @Autowired
    RedisSlotInventory inventory;

    @Autowired
    AccountSeeding seeding;

    @Test
    void should_show_each_slots_line_in_joining_order_masked_to_its_own_hall_only() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 260, 1, 1);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        String first = slot(hall, day, 0);
        String second = slot(hall, day, 1);
        book(request(hall.code(), day, first, freshTaxpayerId()));
        book(request(hall.code(), day, second, freshTaxpayerId()));

        String onlyFirstPhone = freshPhone();
        String onlyFirst = join(onlyFirstPhone, entryRequest(hall.code(), day, List.of(first), freshTaxpayerId()));
        String bothTaxpayer = freshTaxpayerId();
        String both = join(freshPhone(), entryRequest(hall.code(), day, List.of(first, second), bothTaxpayer));
        String onlySecond = join(freshPhone(), entryRequest(hall.code(), day, List.of(second), freshTaxpayerId()));

        String admin = StaffFixtures.hallAdmin(web, seeding, hall.code());
        lines(admin, hall.code(), day.toString())
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.hallCode")
                .isEqualTo(hall.code())
                .jsonPath("$.date")
                .isEqualTo(day.toString())
                .jsonPath("$.slots.length()")
                .isEqualTo(2)
                .jsonPath("$.slots[0].start")
                .isEqualTo(first)
                .jsonPath("$.slots[0].waiting[*].entryId")
                .isEqualTo(List.of(onlyFirst, both))
                .jsonPath("$.slots[0].waiting[*].position")
                .isEqualTo(List.of(1, 2))
                .jsonPath("$.slots[1].start")
                .isEqualTo(second)
                .jsonPath("$.slots[1].waiting[*].entryId")
                .isEqualTo(List.of(both, onlySecond))
                .jsonPath("$.slots[1].waiting[0].starts")
                .isEqualTo(List.of(first, second))
                .jsonPath("$.slots[0].waiting[0].taxpayerName")
                .isEqualTo("王五")
                .jsonPath("$.slots[0].waiting[0].phone")
                .isEqualTo(onlyFirstPhone.substring(0, 3) + "****" + onlyFirstPhone.substring(7))
                .jsonPath("$.slots[1].waiting[0].taxpayerId")
                .isEqualTo(bothTaxpayer.substring(0, 4) + "************" + bothTaxpayer.substring(16))
                .jsonPath("$.slots[0].waiting[0].joinedAt")
                .exists();

        String operator = StaffFixtures.operator(web, seeding);
        lines(operator, hall.code(), day.toString())
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.slots.length()")
                .isEqualTo(2);
        String otherHallAdmin = StaffFixtures.hallAdmin(
                web, seeding, catalogue.halls(null, null).get(261).code());
        problem(lines(otherHallAdmin, hall.code(), day.toString()), 403, "FORBIDDEN");
        problem(lines(admin, hall.code(), "2026-13-40"), 400, "VALIDATION_FAILED");
        problem(lines(operator, "NO-SUCH-HALL", day.toString()), 404, "HALL_NOT_FOUND");
        lines(admin, hall.code(), day.plusDays(1).toString())
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.slots.length()")
                .isEqualTo(0);
    }

    private ResponseSpec lines(String token, String hallCode, String date) {
        return web.get()
                .uri("/api/v1/admin/halls/{hall}/waitlist?date={date}", hallCode, date)
                .header(HttpHeaders.AUTHORIZATION, StaffFixtures.bearer(token))
                .exchange();
    }

    private void book(Map<String, Object> body) {
        web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + verifiedToken(web, freshPhone()))
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private String join(String phone, Map<String, Object> body) {
        return String.valueOf(web.post()
                .uri("/api/v1/bookings/waitlist")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + verifiedToken(web, phone))
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id"));
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
}
