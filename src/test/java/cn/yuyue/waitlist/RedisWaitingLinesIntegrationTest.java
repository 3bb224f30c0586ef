package cn.yuyue.waitlist;

import static cn.yuyue.booking.BookingFixtures.freshTaxpayerId;
import static cn.yuyue.booking.BookingFixtures.nextOpenDay;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.slot.ClaimResult;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.InventorySource;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.PlaceClaim;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The scripts that move places between the open market and a waiting line, on the real Redis:
 * freed places go to the line while it has entries and to the market otherwise, only the first n
 * entries take n places, and an emptied line gives its kept places back. The lines here have no
 * rows in PostgreSQL, so the serving flow never looks at them.
 */
class RedisWaitingLinesIntegrationTest extends IntegrationTestSupport {

    @Autowired
    HallCatalogue catalogue;

    @Autowired
    DatabaseClient database;

    @Autowired
    RedisSlotInventory inventory;

    @Autowired
    LiveBookings live;

    @Autowired
    RedisWaitingLines lines;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void should_keep_freed_places_for_the_first_in_line_and_give_them_back_when_the_line_empties() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 256, 2, 1);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        HallDay hallDay = new HallDay(hall.code(), day);
        LocalTime start = catalogue.plan(hall.code(), day).slots().get(0).start();
        String first = claimAndConfirm(hallDay, start);
        String second = claimAndConfirm(hallDay, start);
        lines.build(hallDay, List.of()).block(patience());

        WaitlistEntry one = entry(hallDay, start, 1);
        WaitlistEntry two = entry(hallDay, start, 2);
        WaitlistEntry three = entry(hallDay, start, 3);
        for (WaitlistEntry entry : List.of(one, two, three)) {
            assertThat(lines.join(entry, false).block(patience())).isInstanceOf(RedisWaitingLines.Join.Joined.class);
        }

        inventory.returnPlace(hallDay, first, "CANCELLED", Instant.now()).block(patience());
        assertThat(count(hallDay, "remaining", start)).isZero();
        assertThat(count(hallDay, "reserved", start)).isEqualTo(1);
        assertThat(take(two, start)).isInstanceOf(ClaimResult.Full.class);
        assertThat(take(one, start)).isInstanceOf(ClaimResult.Claimed.class);
        assertThat(take(one, start)).as("the same entry again").isInstanceOf(ClaimResult.Replayed.class);
        assertThat(count(hallDay, "reserved", start)).isZero();

        // Staff add two places: both go to the line, and the two entries left may take them in any order.
        List<InventorySource.Capacity> raised = catalogue.plan(hall.code(), day).slots().stream()
                .map(slot -> new InventorySource.Capacity(
                        slot.start(), slot.start().equals(start) ? slot.capacity() + 2 : slot.capacity()))
                .toList();
        live.adjust(hallDay, raised).block(patience());
        assertThat(count(hallDay, "reserved", start)).isEqualTo(2);
        assertThat(count(hallDay, "remaining", start)).isZero();
        assertThat(take(three, start)).isInstanceOf(ClaimResult.Claimed.class);

        // The last entry leaves: the place kept for it goes to the open market in the same step.
        assertThat(lines.leave(hallDay, two.id()).block(patience())).isTrue();
        assertThat(count(hallDay, "reserved", start)).isZero();
        assertThat(count(hallDay, "remaining", start)).isEqualTo(1);

        // With nobody waiting, a cancellation gives its place to the open market as before.
        inventory.returnPlace(hallDay, second, "CANCELLED", Instant.now()).block(patience());
        assertThat(count(hallDay, "remaining", start)).isEqualTo(2);
    }

    @Test
    void should_refuse_to_queue_for_a_slot_with_places_or_a_taxpayer_who_booked_that_day() {
        Hall hall = WaitlistFixtures.hallWithCapacity(catalogue, database, inventory, 257, 1, 1);
        LocalDate day = nextOpenDay(catalogue, hall.code());
        HallDay hallDay = new HallDay(hall.code(), day);
        List<LocalTime> starts = catalogue.plan(hall.code(), day).slots().stream()
                .map(slot -> slot.start())
                .toList();
        String taxpayer = freshTaxpayerId();
        claimAndConfirm(hallDay, starts.get(0), taxpayer);
        lines.build(hallDay, List.of()).block(patience());

        WaitlistEntry open = new WaitlistEntry(
                "W-open-" + System.nanoTime(),
                1,
                hall.code(),
                day,
                List.of(starts.get(1)),
                freshTaxpayerId(),
                "王五",
                "13900000000",
                List.of("TAX_FILING"),
                "ONLINE",
                "k",
                "f",
                WaitlistState.WAITING,
                null,
                null,
                Instant.now(),
                Instant.now());
        assertThat(lines.join(open, false).block(patience())).isInstanceOf(RedisWaitingLines.Join.NotFull.class);
        WaitlistEntry booked = new WaitlistEntry(
                "W-dup-" + System.nanoTime(),
                2,
                hall.code(),
                day,
                List.of(starts.get(0)),
                taxpayer,
                "王五",
                "13900000000",
                List.of("TAX_FILING"),
                "ONLINE",
                "k",
                "f",
                WaitlistState.WAITING,
                null,
                null,
                Instant.now(),
                Instant.now());
        assertThat(lines.join(booked, false).block(patience())).isInstanceOf(RedisWaitingLines.Join.Duplicate.class);
        assertThat(lines.join(booked, true).block(patience()))
                .as("restoring skips the checks")
                .isInstanceOf(RedisWaitingLines.Join.Joined.class);
    }

    private ClaimResult take(WaitlistEntry entry, LocalTime start) {
        String bookingId = entry.hallCode() + "-" + entry.date().toString().replace("-", "") + "-W" + System.nanoTime();
        String record = "{\"id\":\"" + bookingId + "\",\"start\":\"" + start + "\",\"taxpayerId\":\""
                + entry.taxpayerId() + "\"}";
        ClaimResult result = lines.take(
                        entry.id(),
                        new PlaceClaim(
                                entry.hallDay(),
                                start,
                                entry.taxpayerId(),
                                entry.bookingKey(start),
                                "f",
                                bookingId,
                                record,
                                Instant.now()))
                .block(patience());
        if (result instanceof ClaimResult.Claimed) {
            // Settled at once, as a confirmed claim would be: the abandoned-claim sweep leaves it alone.
            inventory.confirm(entry.hallDay(), bookingId).block(patience());
        }
        return result;
    }

    private String claimAndConfirm(HallDay hallDay, LocalTime start) {
        return claimAndConfirm(hallDay, start, freshTaxpayerId());
    }

    private String claimAndConfirm(HallDay hallDay, LocalTime start, String taxpayer) {
        String bookingId =
                hallDay.hallCode() + "-" + hallDay.date().toString().replace("-", "") + "-B" + System.nanoTime();
        String record =
                "{\"id\":\"" + bookingId + "\",\"start\":\"" + start + "\",\"taxpayerId\":\"" + taxpayer + "\"}";
        ClaimResult claimed = inventory
                .claim(new PlaceClaim(
                        hallDay, start, taxpayer, "key-" + bookingId, "f", bookingId, record, Instant.now()))
                .block(patience());
        assertThat(claimed).isInstanceOf(ClaimResult.Claimed.class);
        inventory.confirm(hallDay, bookingId).block(patience());
        return bookingId;
    }

    private WaitlistEntry entry(HallDay hallDay, LocalTime start, long seq) {
        return new WaitlistEntry(
                "W-" + seq + "-" + System.nanoTime(),
                seq,
                hallDay.hallCode(),
                hallDay.date(),
                List.of(start),
                freshTaxpayerId(),
                "王五",
                "13900000000",
                List.of("TAX_FILING"),
                "ONLINE",
                "k",
                "f",
                WaitlistState.WAITING,
                null,
                null,
                Instant.now(),
                Instant.now());
    }

    private int count(HallDay hallDay, String key, LocalTime start) {
        return Integer.parseInt(redis.<String, String>opsForHash()
                .get("yy:" + hallDay.hashTag() + ":" + key, start.toString())
                .defaultIfEmpty("0")
                .block(patience()));
    }
}
