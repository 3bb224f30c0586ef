package cn.yuyue.booking.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.booking.BookingFixtures;
import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * An event PostgreSQL refuses for its content (here a second booking with an appointment number
 * already taken) is set aside, counted and kept; the events behind it are written, and the writer
 * does not stall.
 */
class PoisonedEventIntegrationTest extends IntegrationTestSupport {

    @Autowired
    private BookingEvents events;

    @Autowired
    private DatabaseClient database;

    @Autowired
    private MeterRegistry meters;

    @Test
    void should_quarantine_a_refused_event_and_write_the_events_behind_it() {
        LocalDate day = LocalDate.now().plusDays(30);
        Booking first = booking("34010101-" + day.toString().replace("-", "") + "-POISONAAA1", 901, day);
        Booking sameNumber = booking("34010101-" + day.toString().replace("-", "") + "-POISONAAA2", 901, day);
        Booking behind = booking("34010101-" + day.toString().replace("-", "") + "-POISONAAA3", 902, day);
        double before = quarantined();

        for (Booking booking : List.of(first, sameNumber, behind)) {
            events.publish(new BookingEvent.BookingConfirmed("poison-" + booking.id(), Instant.now(), booking))
                    .block(patience());
        }

        await().atMost(patience()).until(() -> ids(day).containsAll(List.of(first.id(), behind.id())));
        assertThat(ids(day)).doesNotContain(sameNumber.id());
        assertThat(database.sql("SELECT booking_id FROM quarantined_booking_events WHERE event_id = :event")
                        .bind("event", "poison-" + sameNumber.id())
                        .map(row -> row.get("booking_id", String.class))
                        .one()
                        .block(patience()))
                .isEqualTo(sameNumber.id());
        assertThat(quarantined()).isEqualTo(before + 1);
    }

    private double quarantined() {
        return meters.get("yuyue.booking.persistence.quarantined").counter().count();
    }

    private List<String> ids(LocalDate day) {
        return database.sql("SELECT id FROM bookings WHERE hall_code = '34010101' AND day = :day")
                .bind("day", day)
                .map(row -> row.get("id", String.class))
                .all()
                .collectList()
                .block(patience());
    }

    private static Booking booking(String id, long seq, LocalDate day) {
        Instant now = Instant.now();
        return new Booking(
                id,
                seq,
                "34010101",
                day,
                LocalTime.of(9, 0),
                LocalTime.of(9, 30),
                BookingStatus.BOOKED,
                BookingFixtures.freshTaxpayerId(),
                "张三",
                BookingFixtures.freshPhone(),
                List.of("TAX_FILING"),
                Channel.ONLINE,
                BookingFixtures.newKey(),
                "fingerprint",
                now,
                now);
    }
}
