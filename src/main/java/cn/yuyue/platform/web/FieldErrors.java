package cn.yuyue.platform.web;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import cn.yuyue.platform.web.CommonProblems.FieldError;

/**
 * Collects every bad field of one request, so the 400 names them all at once instead of one per
 * attempt. Request records check their fields into one of these and end with {@link #orThrow()}.
 */
public final class FieldErrors {

    public static final String DATE_FORMAT = "must be a date like 2026-12-01";
    public static final String TIME_FORMAT = "must be a time like 09:30";

    private final List<FieldError> errors = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    /** Records {@code message} against {@code field} unless {@code valid}; answers {@code valid}. */
    public boolean check(boolean valid, String field, String message) {
        if (!valid) {
            add(field, message);
        }
        return valid;
    }

    /** The parsed value, or null with "is required" or {@code message} recorded against {@code field}. */
    public <T> T parse(String field, Object raw, Function<String, T> parser, String message) {
        if (raw == null) {
            add(field, "is required");
            return null;
        }
        return parseOptional(field, raw, parser, message);
    }

    /** The parsed value, null when {@code raw} is absent, or null with {@code message} recorded when it is bad. */
    public <T> T parseOptional(String field, Object raw, Function<String, T> parser, String message) {
        if (raw == null) {
            return null;
        }
        try {
            return parser.apply(String.valueOf(raw));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            add(field, message);
            return null;
        }
    }

    public LocalDate date(String field, Object raw) {
        return parse(field, raw, LocalDate::parse, DATE_FORMAT);
    }

    public LocalTime time(String field, Object raw) {
        return parse(field, raw, LocalTime::parse, TIME_FORMAT);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    /** Throws the 400 VALIDATION_FAILED naming every recorded field, if any was recorded. */
    public void orThrow() {
        if (!errors.isEmpty()) {
            throw CommonProblems.validationFailed(errors);
        }
    }
}
