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
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import cn.yuyue.admin.AdminTestSupport;
import cn.yuyue.admin.StaffFixtures;
import cn.yuyue.admin.noshow.MarkingNoShows;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.HallDay;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
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
 * is claimed, and a phone's parallel requests cannot pass it together. The count follows every
 * transition that starts or ends an active booking, and survives Redis losing its memory.
 */
class PhoneCapIntegrationTest extends AdminTestSupport {

    private static final int CAP = 5;

    @LocalServerPort
    int port;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    MarkingNoShows marking;

    @Test
    void should_refuse_the_booking_beyond_the_cap_and_take_no_place() {
        String hall = hall(300);
        LocalDate day = nextOpenDay(catalogue, hall);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        String start = slot(hall, day, 2).toString();
        for (int i = 0; i < CAP; i++) {
            book(token, request(hall, day, slot(hall, day, i).toString(), freshTaxpayerId()))
                    .expectStatus()
                    .isCreated();
        }
        int before = remaining(hall, day, start);

        String refusedTaxpayer = freshTaxpayerId();
        book(token, request(hall, day, start, refusedTaxpayer))
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("TOO_MANY_ACTIVE_BOOKINGS")
                .jsonPath("$.maxActiveBookings")
                .isEqualTo(CAP);
        // The desk books with the taxpayer's phone as the booker: the same cap.
        problem(
                staffBook(guide(hall), hall, day, slot(hall, day, 3), freshTaxpayerId(), "王五", phone, "PHONE"),
                409,
                "TOO_MANY_ACTIVE_BOOKINGS");

        assertThat(remaining(hall, day, start)).isEqualTo(before);
        // Events of one hall are written in order: once a later booking of the hall is durable,
        // a refused one that had published an event would be too.
        String later =
                String.valueOf(book(verifiedToken(web, freshPhone()), request(hall, day, start, freshTaxpayerId()))
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("id"));
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
                    .expectStatus()
                    .isCreated()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            first = first == null ? String.valueOf(made.get("id")) : first;
        }
        Map<String, Object> sixth = request(hall, day, slot(hall, day, 5).toString(), freshTaxpayerId());
        problem(book(token, sixth), 409, "TOO_MANY_ACTIVE_BOOKINGS");

        web.delete()
                .uri("/api/v1/bookings/{id}", first)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isNoContent();

        book(token, sixth).expectStatus().isCreated();
        problem(
                book(token, request(hall, day, slot(hall, day, 6).toString(), freshTaxpayerId())),
                409,
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
                .flatMap(
                        i -> post(
                                token,
                                request(hall, day, slot(hall, day, i % slots).toString(), freshTaxpayerId())),
                        16)
                .collect(Collectors.groupingBy(answer -> answer, Collectors.counting()))
                .block(patience());

        assertThat(answers)
                .containsEntry("201", (long) CAP)
                .containsEntry("409 TOO_MANY_ACTIVE_BOOKINGS", 16L - CAP)
                .hasSize(2);
        await().atMost(patience()).until(() -> bookingsOfPhone(phone), count -> count == CAP);
    }

    @Test
    void should_count_the_booking_an_accepted_reschedule_makes_and_refuse_the_next_beyond_the_cap() {
        String hall = hall(130);
        LocalDate day = nextOpenDay(catalogue, hall);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            ids.add(id(book(token, request(hall, day, slot(hall, day, i % 2).toString(), freshTaxpayerId()))));
        }
        String moved = String.valueOf(propose(hall, ids.get(0), day, slot(hall, day, 2))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("newBookingId"));
        accept(token, ids.get(0)).expectStatus().isOk();

        problem(
                book(token, request(hall, day, slot(hall, day, 3).toString(), freshTaxpayerId())),
                409,
                "TOO_MANY_ACTIVE_BOOKINGS");
        List<String> expected = new ArrayList<>(ids.subList(1, CAP));
        expected.add(moved);
        assertThat(counted(phone)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void should_stop_counting_a_booking_once_it_is_withdrawn_checked_in_or_a_no_show() {
        String hall = hall(131);
        LocalDate day = nextOpenDay(catalogue, hall);
        String phone = freshPhone();
        String token = verifiedToken(web, phone);
        LocalTime checkInStart = slot(hall, day, 3);
        // At the desk, with the phone as booker: counted like an online booking.
        Map<?, ?> desk = booked(hall, day, checkInStart, freshTaxpayerId(), "钱多多", phone);
        String checkedIn = String.valueOf(desk.get("id"));
        String withdrawn = id(book(token, request(hall, day, slot(hall, day, 0).toString(), freshTaxpayerId())));
        String noShow = id(book(token, request(hall, day, slot(hall, day, 1).toString(), freshTaxpayerId())));
        assertThat(counted(phone)).containsExactlyInAnyOrder(checkedIn, withdrawn, noShow);

        propose(hall, withdrawn, day, slot(hall, day, 2)).expectStatus().isCreated();
        web.post()
                .uri("/api/v1/bookings/{id}/reschedule/decline", withdrawn)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(counted(phone)).containsExactlyInAnyOrder(checkedIn, noShow);

        awaitDurable(checkedIn, "BOOKED");
        awaitDurable(noShow, "BOOKED");
        try {
            clock.setNow(day.atTime(checkInStart).minusMinutes(30).atZone(ProvinceTime.ZONE));
            web.post()
                    .uri("/api/v1/admin/halls/{hall}/check-ins", hall)
                    .header(HttpHeaders.AUTHORIZATION, bearer(guide(hall)))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(
                            Map.of("appointmentNo", String.valueOf(desk.get("appointmentNo")), "taxpayerName", "钱多多"))
                    .exchange()
                    .expectStatus()
                    .isOk();
            assertThat(counted(phone)).containsExactly(noShow);

            clock.setNow(day.atTime(23, 0).atZone(ProvinceTime.ZONE));
            assertThat(marking.sweep(new HallDay(hall, day)).block(patience())).isEqualTo(1);
            assertThat(counted(phone)).isEmpty();
        } finally {
            clock.reset();
        }
    }

    @Test
    void should_count_a_phone_s_bookings_again_after_redis_loses_its_memory() {
        String hall = hall(132);
        LocalDate day = nextOpenDay(catalogue, hall);
        String token = verifiedToken(web, freshPhone());
        for (int i = 0; i < CAP; i++) {
            book(token, request(hall, day, slot(hall, day, i % 2).toString(), freshTaxpayerId()))
                    .expectStatus()
                    .isCreated();
        }

        redis.execute(connection -> connection.serverCommands().flushAll()).blockLast(patience());
        // Staff sessions were in Redis too: the tests after this one sign in again.
        StaffFixtures.sessionsLost();

        // Some of the five may still be on their way to PostgreSQL: the count waits for the writer.
        problem(
                book(token, request(hall, day, slot(hall, day, 2).toString(), freshTaxpayerId())),
                409,
                "TOO_MANY_ACTIVE_BOOKINGS");
        book(
                        verifiedToken(web, freshPhone()),
                        request(hall, day, slot(hall, day, 2).toString(), freshTaxpayerId()))
                .expectStatus()
                .isCreated();
    }

    private ResponseSpec propose(String hall, String id, LocalDate day, LocalTime start) {
        return web.post()
                .uri("/api/v1/admin/halls/{hall}/bookings/{id}/reschedule", hall, id)
                .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("date", day.toString(), "start", start.toString(), "reason", "系统故障"))
                .exchange();
    }

    private ResponseSpec accept(String token, String id) {
        return web.post()
                .uri("/api/v1/bookings/{id}/reschedule/accept", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange();
    }

    /** The ids the phone's count holds, as Redis has them. */
    private List<String> counted(String phone) {
        return redis.opsForZSet()
                .range("yy:phone:{" + phone + "}:active", Range.closed(0L, -1L))
                .collectList()
                .block(patience());
    }

    private static String id(ResponseSpec created) {
        return String.valueOf(created.expectStatus()
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

    /** "201", or the status and the problem's code. */
    private Mono<String> post(String token, Map<String, Object> body) {
        return client().post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(Map.class)
                        .map(json -> response.statusCode().value() == 201
                                ? "201"
                                : response.statusCode().value() + " " + json.get("code")));
    }

    private WebClient client;

    private WebClient client() {
        if (client == null) {
            ConnectionProvider pool =
                    ConnectionProvider.builder("phone-cap").maxConnections(32).build();
            client = WebClient.builder()
                    .baseUrl("http://localhost:" + port)
                    .clientConnector(new ReactorClientHttpConnector(
                            HttpClient.create(pool).responseTimeout(Duration.ofSeconds(60))))
                    .build();
        }
        return client;
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

    private long bookingsOfPhone(String phone) {
        return database.sql("SELECT count(*) AS n FROM bookings WHERE phone = :phone")
                .bind("phone", phone)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(5));
    }

    private long bookingsOfTaxpayer(String hallCode, String taxpayerId) {
        return database.sql("SELECT count(*) AS n FROM bookings WHERE taxpayer_id = :id AND hall_code = :hall")
                .bind("id", taxpayerId)
                .bind("hall", hallCode)
                .map(row -> row.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(5));
    }
}
