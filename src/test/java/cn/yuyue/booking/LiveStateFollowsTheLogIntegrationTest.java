package cn.yuyue.booking;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.newKey;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static cn.yuyue.booking.BookingFixtures.request;
import static cn.yuyue.booking.BookingFixtures.verifiedToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.SlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A status change whose event is durable but whose own Redis step never ran (it failed after the
 * Kafka acknowledgement, or the instance died in between): the live inventory still follows the
 * log, without a retry and without a rebuild. Each case publishes the event alone, as the request
 * path does before its Redis step, and leaves that step out.
 */
class LiveStateFollowsTheLogIntegrationTest extends IntegrationTestSupport {

    private static final int HALL = 240;

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    BookingEvents events;

    @Autowired
    SlotInventory inventory;

    @Autowired
    BookingJson json;

    @Test
    void should_give_the_place_back_and_let_the_taxpayer_book_again_after_a_cancellation_whose_redis_step_failed() {
        Hall hall = catalogue.halls(null, null).get(HALL);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        LocalTime start = catalogue.plan(hall.code(), day).slots().get(2).start();
        String token = verifiedToken(web, freshPhone());
        String taxpayer = freshTaxpayerId();
        String id = book(token, hall.code(), day, start, taxpayer);
        HallDay hallDay = new HallDay(hall.code(), day);
        int taken = remaining(hallDay, start);

        events.publish(new BookingEvent.BookingCancelled(
                        "cancel-" + id, Instant.now(), id, hall.code(), day, BookingStatus.CANCELLED))
                .block(patience());

        await().atMost(patience()).until(() -> remaining(hallDay, start), left -> left == taken + 1);
        assertThat(liveStatus(hallDay, id)).isEqualTo(BookingStatus.CANCELLED);
        assertThat(book(token, hall.code(), day, start, taxpayer)).isNotEqualTo(id);
    }

    @Test
    void should_mark_the_live_record_checked_in_after_a_check_in_whose_redis_step_failed() {
        Hall hall = catalogue.halls(null, null).get(HALL);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        LocalTime start = catalogue.plan(hall.code(), day).slots().get(3).start();
        String id = book(verifiedToken(web, freshPhone()), hall.code(), day, start, freshTaxpayerId());
        HallDay hallDay = new HallDay(hall.code(), day);
        int taken = remaining(hallDay, start);

        events.publish(new BookingEvent.BookingCheckedIn("check-in-" + id, Instant.now(), id, hall.code(), day))
                .block(patience());

        await().atMost(patience()).until(() -> liveStatus(hallDay, id), BookingStatus.CHECKED_IN::equals);
        assertThat(remaining(hallDay, start)).as("a check-in keeps its place").isEqualTo(taken);
    }

    private String book(String token, String hallCode, LocalDate day, LocalTime start, String taxpayer) {
        Map<?, ?> booking = web.post()
                .uri("/api/v1/bookings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", newKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(hallCode, day, start.toString(), taxpayer))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return String.valueOf(booking.get("id"));
    }

    private int remaining(HallDay hallDay, LocalTime start) {
        return inventory.remaining(hallDay).block(patience()).get(start);
    }

    private BookingStatus liveStatus(HallDay hallDay, String id) {
        return json.read(inventory.record(hallDay, id).block(patience()).orElseThrow())
                .status();
    }
}
