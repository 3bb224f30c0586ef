package cn.yuyue.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

class FieldErrorsTest {

    @Test
    void should_name_every_bad_field_in_one_problem() {
        FieldErrors errors = new FieldErrors();

        LocalDate date = errors.date("date", "2026-13-40");
        LocalTime start = errors.time("start", null);
        errors.check(false, "hallCode", "must be an 8-digit hall code");

        assertThat(date).isNull();
        assertThat(start).isNull();
        assertThat(errors.list())
                .extracting(CommonProblems.FieldError::field)
                .containsExactly("date", "start", "hallCode");
        assertThat(errors.list())
                .extracting(CommonProblems.FieldError::message)
                .containsExactly(FieldErrors.DATE_FORMAT, "is required", "must be an 8-digit hall code");
        assertThatThrownBy(errors::orThrow)
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.code()).isEqualTo(CommonProblems.VALIDATION_FAILED));
    }

    @Test
    void should_parse_good_values_and_pass_absent_optional_ones() {
        FieldErrors errors = new FieldErrors();

        assertThat(errors.date("date", "2026-12-01")).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(errors.time("start", "09:30")).isEqualTo(LocalTime.of(9, 30));
        Integer absent = errors.parseOptional("limit", null, Integer::valueOf, "must be a number");
        Integer bad = errors.parseOptional("limit", "x", Integer::valueOf, "must be a number");

        assertThat(absent).isNull();
        assertThat(bad).isNull();

        assertThat(errors.list()).extracting(CommonProblems.FieldError::field).containsExactly("limit");
    }

    @Test
    void should_not_throw_when_nothing_is_wrong() {
        FieldErrors errors = new FieldErrors();
        errors.check(true, "channel", "must be ONLINE or MOBILE");

        assertThat(errors.isEmpty()).isTrue();
        errors.orThrow();
    }
}
