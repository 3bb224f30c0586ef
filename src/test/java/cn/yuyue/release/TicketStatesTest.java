package cn.yuyue.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import cn.yuyue.release.TicketView.TicketState;
import org.junit.jupiter.api.Test;

class TicketStatesTest {

    private static final Instant OPENS = Instant.parse("2026-12-03T00:00:00Z");
    private static final Release RELEASE =
            new Release("r-x", LocalDate.of(2026, 12, 10), OPENS, OPENS.plus(Duration.ofHours(1)), false, "deadline");

    private static TicketSnapshot room(
            long position, long head, boolean soldOut, String pass, Instant expires, String passState, long admitted) {
        return new TicketSnapshot(
                "13900000000", position > 0, position, head, soldOut, pass, expires, passState, OPENS, admitted, 1);
    }

    private static TicketView view(TicketSnapshot room, Instant now) {
        return TicketStates.view("34010101-t", "34010101", room, RELEASE, now, 5);
    }

    @Test
    void should_wait_without_position_before_the_draw_and_count_down_to_the_opening() {
        TicketView view = view(room(0, 0, false, null, null, null, 0), OPENS.minusSeconds(90));
        assertThat(view.state()).isEqualTo(TicketState.WAITING);
        assertThat(view.position()).isNull();
        assertThat(view.estimatedWaitSeconds()).isEqualTo(90);
    }

    @Test
    void should_count_the_tickets_ahead_from_the_last_admitted_position() {
        TicketView view = view(room(12, 4, false, null, null, null, 4), OPENS.plusSeconds(2));
        assertThat(view.state()).isEqualTo(TicketState.WAITING);
        assertThat(view.position()).isEqualTo(12);
        assertThat(view.ahead()).isEqualTo(7);
        assertThat(view.estimatedWaitSeconds()).isEqualTo(4);
    }

    @Test
    void should_show_the_pass_while_it_lasts_and_expire_it_after() {
        Instant expires = OPENS.plusSeconds(120);
        TicketSnapshot admitted = room(3, 5, false, "abc", expires, "OUT", 5);
        assertThat(view(admitted, OPENS.plusSeconds(60)).state()).isEqualTo(TicketState.ADMITTED);
        assertThat(view(admitted, OPENS.plusSeconds(60)).pass()).isEqualTo("abc");
        TicketView late = view(admitted, expires);
        assertThat(late.state()).isEqualTo(TicketState.EXPIRED);
        assertThat(late.pass()).isNull();
    }

    @Test
    void should_keep_a_used_pass_admitted_after_its_life() {
        TicketSnapshot used = room(3, 5, true, "abc", OPENS.plusSeconds(120), "USED", 5);
        assertThat(view(used, OPENS.plusSeconds(600)).state()).isEqualTo(TicketState.ADMITTED);
    }

    @Test
    void should_turn_every_waiting_ticket_sold_out_with_the_room() {
        assertThat(view(room(40, 10, true, null, null, null, 10), OPENS.plusSeconds(5))
                        .state())
                .isEqualTo(TicketState.SOLD_OUT);
        assertThat(view(room(0, 0, true, null, null, null, 0), OPENS.minusSeconds(5))
                        .state())
                .isEqualTo(TicketState.SOLD_OUT);
    }

    @Test
    void should_expire_waiting_tickets_when_the_room_closes() {
        assertThat(view(room(40, 10, false, null, null, null, 10), RELEASE.closesAt())
                        .state())
                .isEqualTo(TicketState.EXPIRED);
    }

    @Test
    void should_estimate_from_the_measured_rate_once_there_is_one() {
        assertThat(TicketStates.estimatedWait(99, 50, Duration.ofSeconds(10), 1))
                .isEqualTo(20);
        assertThat(TicketStates.estimatedWait(9, 0, Duration.ZERO, 5)).isEqualTo(2);
    }
}
