package cn.yuyue.admin.report;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.AdminTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Daily figures per hall, city and province, as JSON and CSV. */
class DailyReportIntegrationTest extends AdminTestSupport {

    private List<?> report(String token, String query) {
        return web.get()
                .uri("/api/v1/admin/reports/daily?" + query)
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void should_count_bookings_by_channel_and_roll_them_up() {
        String hall = hall(90);
        LocalDate day = nextOpenDay(catalogue, hall);
        booked(hall, day, slot(hall, day, 0), freshTaxpayerId(), "丁一", freshPhone());
        String walkIn = String.valueOf(
                staffBook(guide(hall), hall, day, slot(hall, day, 1), freshTaxpayerId(), "丁二", freshPhone(), "WALK_IN")
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("id"));
        awaitDurable(walkIn, "BOOKED");

        await().atMost(patience()).untilAsserted(() -> {
            Map<?, ?> row = (Map<?, ?>) report(admin(hall), "date=" + day).get(0);
            assertThat(row.get("code")).isEqualTo(hall);
            assertThat(row.get("booked")).isEqualTo(2);
            assertThat(row.get("phone")).isEqualTo(1);
            assertThat(row.get("walkIn")).isEqualTo(1);
            assertThat(((Number) row.get("utilisation")).doubleValue()).isPositive();
        });
        String city = catalogue.hall(hall).orElseThrow().cityCode();
        assertThat(report(operator(), "date=" + day + "&level=CITY")).anySatisfy(entry -> {
            Map<?, ?> row = (Map<?, ?>) entry;
            assertThat(row.get("code")).isEqualTo(city);
            assertThat(((Number) row.get("booked")).intValue()).isGreaterThanOrEqualTo(2);
        });
        List<?> province = report(operator(), "date=" + day + "&level=PROVINCE");
        assertThat(province).hasSize(1);
        assertThat(report(operator(), "date=" + day)).hasSize(334);

        byte[] csv = web.get()
                .uri("/api/v1/admin/reports/daily.csv?date={day}", day)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueMatches(HttpHeaders.CONTENT_TYPE, "text/csv.*")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).contains("level,code,name,date,booked", hall + ",");
        assertThat(text.lines().count()).isEqualTo(2);
    }
}
