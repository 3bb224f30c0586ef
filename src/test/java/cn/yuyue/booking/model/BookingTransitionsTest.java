package cn.yuyue.booking.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class BookingTransitionsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private static final EventStamp STAMP = new EventStamp("e1", Instant.EPOCH);
    private static final CheckInWindow WINDOW = new CheckInWindow(Duration.ofMinutes(60), Duration.ZERO);
    private static final CancellationPolicy THREE_HOURS = new CancellationPolicy(Duration.ofHours(3));
    private static final String BOOKER = "13800138000";

    private static Booking booking(BookingStatus status) {
        return new Booking(
                "34010101-20261201-AAAAAAAAAA",
                1,
                "34010101",
                DAY,
                LocalTime.of(13, 30),
                LocalTime.of(14, 0),
                status,
                "11010519491231002X",
                "张三",
                "13800138000",
                List.of("TAX_FILING"),
                Channel.ONLINE,
                "k",
                "f",
                Instant.EPOCH,
                Instant.EPOCH);
    }

    @Test
    void should_check_in_a_booked_booking_inside_its_window() {
        Decision<BookingEvent.BookingCheckedIn> decision =
                booking(BookingStatus.BOOKED).checkIn(STAMP, DAY.atTime(12, 30), WINDOW);

        assertThat(decision)
                .isInstanceOfSatisfying(
                        Decision.Allowed.class,
                        allowed -> assertThat(allowed.event())
                                .isEqualTo(new BookingEvent.BookingCheckedIn(
                                        "e1", Instant.EPOCH, "34010101-20261201-AAAAAAAAAA", "34010101", DAY)));
    }

    @Test
    void should_refuse_a_check_in_before_the_window_opens_or_after_it_closes() {
        assertThat(booking(BookingStatus.BOOKED).checkIn(STAMP, DAY.atTime(12, 29), WINDOW))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.TooEarly(DAY.atTime(12, 30))));
        assertThat(booking(BookingStatus.BOOKED).checkIn(STAMP, LocalDateTime.of(DAY, LocalTime.of(14, 1)), WINDOW))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.TooLate(DAY.atTime(14, 0))));
    }

    @Test
    void should_refuse_a_second_check_in_and_one_of_a_booking_not_booked() {
        assertThat(booking(BookingStatus.CHECKED_IN).checkIn(STAMP, DAY.atTime(13, 0), WINDOW))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.AlreadyCheckedIn()));
        assertThat(booking(BookingStatus.RESCHEDULE_PROPOSED).checkIn(STAMP, DAY.atTime(13, 0), WINDOW))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.NotActive("RESCHEDULE_PROPOSED")));
    }

    @Test
    void should_record_a_no_show_only_for_a_booking_marked_so() {
        assertThat(booking(BookingStatus.NO_SHOW).recordNoShow(STAMP)).isInstanceOf(Decision.Allowed.class);
        assertThat(booking(BookingStatus.CANCELLED).recordNoShow(STAMP))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.NotActive("CANCELLED")));
    }

    @Test
    void should_offer_a_new_time_only_to_a_booked_booking() {
        assertThat(booking(BookingStatus.BOOKED).proposeReschedule(STAMP, "new"))
                .isInstanceOf(Decision.Allowed.class);
        assertThat(booking(BookingStatus.CHECKED_IN).proposeReschedule(STAMP, "new"))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.NotActive("CHECKED_IN")));
    }

    @Test
    void should_accept_only_the_place_held_for_this_booking() {
        Booking old = booking(BookingStatus.RESCHEDULE_PROPOSED);
        Booking held = new Booking(
                "34010101-20261202-BBBBBBBBBB",
                0,
                "34010101",
                DAY.plusDays(1),
                LocalTime.of(9, 0),
                LocalTime.of(9, 30),
                BookingStatus.PENDING,
                old.taxpayerId(),
                old.taxpayerName(),
                old.phone(),
                old.businessTypes(),
                old.channel(),
                old.rescheduleKey(),
                "reschedule",
                Instant.EPOCH,
                Instant.EPOCH);
        EventStamp later = new EventStamp("e2", Instant.EPOCH.plusSeconds(1));

        Decision<RescheduleAccepted> accepted = old.acceptReschedule(STAMP, later, held);

        assertThat(accepted).isInstanceOfSatisfying(Decision.Allowed.class, allowed -> {
            RescheduleAccepted events = (RescheduleAccepted) allowed.event();
            assertThat(events.confirmed().booking().status()).isEqualTo(BookingStatus.BOOKED);
            assertThat(events.rescheduled().newBookingId()).isEqualTo(held.id());
        });
        assertThat(booking(BookingStatus.BOOKED).acceptReschedule(STAMP, later, booking(BookingStatus.BOOKED)))
                .isInstanceOf(Decision.Refused.class);
    }

    @Test
    void should_cancel_a_booked_booking_of_its_own_booker_before_the_deadline() {
        Decision<BookingEvent.BookingCancelled> decision =
                booking(BookingStatus.BOOKED).cancel(STAMP, BOOKER, DAY.atTime(10, 29), THREE_HOURS);

        assertThat(decision)
                .isEqualTo(new Decision.Allowed<>(new BookingEvent.BookingCancelled(
                        "e1",
                        Instant.EPOCH,
                        "34010101-20261201-AAAAAAAAAA",
                        "34010101",
                        DAY,
                        BookingStatus.CANCELLED)));
        assertThat(booking(BookingStatus.RESCHEDULE_PROPOSED).cancel(STAMP, BOOKER, DAY.atTime(10, 29), THREE_HOURS))
                .isInstanceOf(Decision.Allowed.class);
    }

    @Test
    void should_refuse_a_cancellation_from_the_deadline_on() {
        assertThat(booking(BookingStatus.BOOKED).cancel(STAMP, BOOKER, DAY.atTime(10, 30), THREE_HOURS))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.CancelDeadlinePassed(DAY.atTime(10, 30))));
    }

    @Test
    void should_refuse_a_cancellation_from_another_phone_whatever_the_status() {
        assertThat(booking(BookingStatus.BOOKED).cancel(STAMP, "13900139000", DAY.atTime(8, 0), THREE_HOURS))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.NotTheBooker()));
        assertThat(booking(BookingStatus.CANCELLED).cancel(STAMP, "13900139000", DAY.atTime(8, 0), THREE_HOURS))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.NotTheBooker()));
    }

    @Test
    void should_refuse_to_cancel_twice_or_a_booking_used_or_ended() {
        assertThat(booking(BookingStatus.CANCELLED).cancel(STAMP, BOOKER, DAY.atTime(8, 0), THREE_HOURS))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.AlreadyCancelled()));
        for (BookingStatus ended : List.of(
                BookingStatus.CHECKED_IN,
                BookingStatus.NO_SHOW,
                BookingStatus.WITHDRAWN_BY_HALL,
                BookingStatus.COMPLETED)) {
            assertThat(booking(ended).cancel(STAMP, BOOKER, DAY.atTime(8, 0), THREE_HOURS))
                    .isEqualTo(new Decision.Refused<>(new TransitionRefused.NotActive(ended.name())));
        }
    }

    @Test
    void should_void_on_proof_only_a_booked_booking_and_without_the_deadline() {
        assertThat(booking(BookingStatus.BOOKED).voidOnProof(STAMP))
                .isEqualTo(new Decision.Allowed<>(new BookingEvent.BookingCancelled(
                        "e1",
                        Instant.EPOCH,
                        "34010101-20261201-AAAAAAAAAA",
                        "34010101",
                        DAY,
                        BookingStatus.CANCELLED)));
        assertThat(booking(BookingStatus.RESCHEDULE_PROPOSED).voidOnProof(STAMP))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.NotActive("RESCHEDULE_PROPOSED")));
    }

    @Test
    void should_hold_a_place_that_only_this_booking_may_accept() {
        Booking old = booking(BookingStatus.RESCHEDULE_PROPOSED);
        Booking held = old.placeHeldForReschedule(
                "34010102-20261202-BBBBBBBBBB",
                "34010102",
                DAY.plusDays(1),
                LocalTime.of(9, 0),
                LocalTime.of(9, 30),
                Instant.EPOCH);

        assertThat(held.status()).isEqualTo(BookingStatus.PENDING);
        assertThat(held.taxpayerId()).isEqualTo(old.taxpayerId());
        assertThat(old.acceptReschedule(STAMP, STAMP, held)).isInstanceOf(Decision.Allowed.class);
        Booking other = new Booking(
                "34010101-20261201-CCCCCCCCCC",
                2,
                "34010101",
                DAY,
                LocalTime.of(13, 30),
                LocalTime.of(14, 0),
                BookingStatus.BOOKED,
                "11010519491231002X",
                "张三",
                BOOKER,
                List.of("TAX_FILING"),
                Channel.ONLINE,
                "k2",
                "f",
                Instant.EPOCH,
                Instant.EPOCH);
        assertThat(other.acceptReschedule(STAMP, STAMP, held))
                .isEqualTo(new Decision.Refused<>(new TransitionRefused.NotItsReschedule(held.id())));
    }

    @Test
    void should_withdraw_as_the_hall_never_as_the_taxpayer() {
        assertThat(booking(BookingStatus.RESCHEDULE_PROPOSED)
                        .withdrawByHall(STAMP)
                        .status())
                .isEqualTo(BookingStatus.WITHDRAWN_BY_HALL);
    }
}
