package cn.yuyue.booking;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import cn.yuyue.admin.AdminTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The cap of active bookings per phone (yuyue.booking.max-active-per-phone, 5): beyond it nothing
 * is claimed, and a phone's parallel requests cannot pass it together.
 */
class PhoneCapIntegrationTest extends AdminTestSupport {

    private static final int CAP = 5;

    @LocalServerPort
    int port;

    @Test
    void should_refuse_the_booking_beyond_the_cap_and_take_no_place() {
        String hall = hall(300);
        LocalDate day = nextOpenDay(catalogue, hall);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String start = slot(hall, day, 2).toString();
        for (int i = 0; i < CAP; i++) {
            book(token, request(hall, day, slot(hall, day, i).toString(), freshTaxpayerId())).expectStatus().isCreated();
        }
        int before = remaining(hall, day, start);

        String refusedTaxpayer = freshTaxpayerId();
        book(token, request(hall, day, start, refusedTaxpayer)).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("TOO_MANY_ACTIVE_BOOKINGS")
                .jsonPath("$.maxActiveBookings").isEqualTo(CAP);
        // The desk books with the taxpayer's phone as the booker: the same cap.
        problem(staffBook(guide(hall), hall, day, slot(hall, day, 3), freshTaxpayerId(), "王五", phone, "PHONE"),
                409, "TOO_MANY_ACTIVE_BOOKINGS");

        assertThat(remaining(hall, day, start)).isEqualTo(before);
        // Events of one hall are written in order: once a later booking of the hall is durable,
        // a refused one that had published an event would be too.
        String later = String.valueOf(book(verifiedToken(web, freshPhone()), request(hall, day, start, freshTaxpayerId()))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id"));
        awaitDurable(later, "BOOKED");
        assertThat(bookingsOfPhone(phone)).isEqualTo(CAP);
        assertThat(bookingsOfTaxpayer(hall, refusedTaxpayer)).isZero();
    }

    @Test
    void should_count_a_cancelled_booking_no_more() {
        String hall = hall(301);
        LocalDate day = nextOpenDay(catalogue, hall);
        String token = verifiedToken(web, freshPhone());
        String first = null;
        for (int i = 0; i < CAP; i++) {
            Map<?, ?> made = book(token, request(hall, day, slot(hall, day, i).toString(), freshTaxpayerId()))
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            first = first == null ? String.valueOf(made.get("id")) : first;
        }
        Map<String, Object> sixth = request(hall, day, slot(hall, day, 5).toString(), freshTaxpayerId());
        problem(book(token, sixth), 409, "TOO_MANY_ACTIVE_BOOKINGS");

        web.delete().uri("/api/v1/bookings/{id}", first).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isNoContent();

        book(token, sixth).expectStatus().isCreated();
        problem(book(token, request(hall, day, slot(hall, day, 6).toString(), freshTaxpayerId())), 409,
                "TOO_MANY_ACTIVE_BOOKINGS");
    }

    @Test
    void should_let_parallel_requests_of_one_phone_book_no_more_than_the_cap() {
        String hall = hall(302);
        LocalDate day = nextOpenDay(catalogue, hall);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        int slots = catalogue.plan(hall, day).slots().size();

        Map<String, Long> answers = Flux.range(0, 16)
                .flatMap(i -> post(token, request(hall, day, slot(hall, day, i % slots).toString(),
                        freshTaxpayerId())), 16)
                .collect(Collectors.groupingBy(answer -> answer, Collectors.counting()))
                .block(patience());

        assertThat(answers).containsEntry("201", (long) CAP).containsEntry("409 TOO_MANY_ACTIVE_BOOKINGS", 16L - CAP)
                .hasSize(2);
        await().atMost(patience()).until(() -> bookingsOfPhone(phone), count -> count == CAP);
    }

    private ResponseSpec book(String token, Map<String, Object> body) {
        return web.post().uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** "201", or the status and the problem's code. */
    private Mono<String> post(String token, Map<String, Object> body) {
        return client().post().uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(Map.class)
                        .map(json -> response.statusCode().value() == 201 ? "201"
                                : response.statusCode().value() + " " + json.get("code")));
    }

    private WebClient client;

    private WebClient client() {
        if (client == null) {
            ConnectionProvider pool = ConnectionProvider.builder("phone-cap").maxConnections(32).build();
            client = WebClient.builder().baseUrl("http://localhost:" + port)
                    .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)
                            .responseTimeout(Duration.ofSeconds(60))))
                    .build();
        }
        return client;
    }

    private int remaining(String hallCode, LocalDate day, String start) {
        Map<?, ?> slots = web.get().uri("/api/v1/halls/{code}/slots?date={date}", hallCode, day).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<?>) slots.get("slots")).stream()
                .map(Map.class::cast)
                .filter(slot -> start.equals(slot.get("start")))
                .map(slot -> ((Number) slot.get("remaining")).intValue())
                .findFirst().orElseThrow();
    }

    private long bookingsOfPhone(String phone) {
        return database.sql("SELECT count(*) AS n FROM bookings WHERE phone = :phone").bind("phone", phone)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }

    private long bookingsOfTaxpayer(String hallCode, String taxpayerId) {
        return database.sql("SELECT count(*) AS n FROM bookings WHERE taxpayer_id = :id AND hall_code = :hall")
                .bind("id", taxpayerId).bind("hall", hallCode)
                .map(row -> row.get("n", Long.class)).one().block(Duration.ofSeconds(5));
    }
}
