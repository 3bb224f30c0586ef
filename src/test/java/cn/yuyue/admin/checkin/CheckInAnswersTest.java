package cn.yuyue.admin.checkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.Channel;
import cn.yuyue.booking.model.TransitionRefused;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CheckInAnswersTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

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
    void should_answer_each_unmatched_check_in_with_its_own_code_and_no_hall_or_day() {
        assertThat(CheckInController.problem(new CheckInResult.NotFound("A001")))
                .extracting(ApiProblem::status, ApiProblem::code)
                .containsExactly(HttpStatus.NOT_FOUND, "APPOINTMENT_NOT_FOUND");
        assertThat(CheckInController.problem(new CheckInResult.AtAnotherHall("A001")))
                .extracting(ApiProblem::status, ApiProblem::code)
                .containsExactly(HttpStatus.CONFLICT, "WRONG_HALL");
        assertThat(CheckInController.problem(new CheckInResult.OnAnotherDay("A001")))
                .extracting(ApiProblem::status, ApiProblem::code)
                .containsExactly(HttpStatus.UNPROCESSABLE_CONTENT, "WRONG_DAY");
        assertThat(CheckInController.problem(new CheckInResult.NameMismatch("A001")))
                .extracting(ApiProblem::status, ApiProblem::code)
                .containsExactly(HttpStatus.UNPROCESSABLE_CONTENT, "NAME_MISMATCH");
    }

    @Test
    void should_answer_too_many_refusals_with_retry_after_and_no_reason() {
        ApiProblem problem = CheckInController.problem(new CheckInResult.TooManyRefusals(Duration.ofMinutes(4)));

        assertThat(problem.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(problem.code()).isEqualTo("RATE_LIMITED");
        assertThat(problem.retryAfter()).contains(Duration.ofMinutes(4));
    }

    @Test
    void should_word_the_refusals_of_the_booking_with_their_members() {
        ApiProblem early = CheckInController.problem(new CheckInResult.Refused(
                booking(BookingStatus.BOOKED), new TransitionRefused.TooEarly(DAY.atTime(12, 30))));
        ApiProblem already = CheckInController.problem(
                new CheckInResult.Refused(booking(BookingStatus.CHECKED_IN), new TransitionRefused.AlreadyCheckedIn()));
        ApiProblem notActive = CheckInController.problem(new CheckInResult.Refused(
                booking(BookingStatus.CANCELLED), new TransitionRefused.NotActive("CANCELLED")));

        assertThat(early.code()).isEqualTo("TOO_EARLY");
        assertThat(early.properties()).containsEntry("checkInOpensAt", "2026-12-01T12:30+08:00");
        assertThat(already.code()).isEqualTo("ALREADY_CHECKED_IN");
        assertThat(already.properties()).containsEntry("bookingId", "34010101-20261201-AAAAAAAAAA");
        assertThat(notActive.code()).isEqualTo("BOOKING_NOT_ACTIVE");
        assertThat(notActive.properties()).containsEntry("status", "CANCELLED");
    }

    @Test
    void should_name_both_bad_fields_of_a_check_in() {
        assertThatThrownBy(() -> new CheckInController.CheckInRequest("1234", " ").validAppointmentSeq())
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(CommonProblems.VALIDATION_FAILED);
                    assertThat(problem.properties().get("errors").toString())
                            .contains("appointmentNo")
                            .contains("taxpayerName");
                });
        assertThat(new CheckInController.CheckInRequest(" a001 ", "钱多多").validAppointmentSeq())
                .isEqualTo(1);
    }
}
