package cn.yuyue.booking.web;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import cn.yuyue.booking.application.BookingCommand;
import cn.yuyue.booking.model.Channel;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.CommonProblems.FieldError;

/**
 * The body of {@code POST /bookings}. Fields arrive as text so that each bad one is named in the
 * 400 answer, instead of one opaque "cannot parse" for the whole body.
 */
record BookingRequest(String hallCode, String date, String start, String taxpayerId, String taxpayerName,
                      List<String> businessTypes, String channel) {

    private static final int NAME_MIN = 2;
    private static final int NAME_MAX = 60;
    private static final int KEY_MAX = 64;
    // Compiled once: String.matches compiles its pattern on every call, at a peak on every booking.
    private static final Pattern KEY_CHARACTERS = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern HALL_CODE = Pattern.compile("\\d{8}");

    /** The command, or a 400 listing every bad field. */
    BookingCommand toCommand(String phone, String idempotencyKey, HallCatalogue catalogue) {
        List<FieldError> errors = new ArrayList<>();
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > KEY_MAX
                || !KEY_CHARACTERS.matcher(idempotencyKey).matches()) {
            errors.add(new FieldError("Idempotency-Key", "header is required: a UUID or up to 64 letters, digits, - and _"));
        }
        if (hallCode == null || !HALL_CODE.matcher(hallCode).matches()) {
            errors.add(new FieldError("hallCode", "must be an 8-digit hall code"));
        }
        LocalDate day = parse("date", date, LocalDate::parse, "must be a date like 2026-12-01", errors);
        LocalTime time = parse("start", start, LocalTime::parse, "must be a time like 09:30", errors);
        if (taxpayerId == null) {
            errors.add(new FieldError("taxpayerId", "is required"));
        } else {
            TaxpayerId.problem(taxpayerId).ifPresent(problem -> errors.add(new FieldError("taxpayerId", problem)));
        }
        String name = taxpayerName == null ? null : taxpayerName.strip();
        if (name == null || name.length() < NAME_MIN || name.length() > NAME_MAX
                || name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("taxpayerName", "must be " + NAME_MIN + " to " + NAME_MAX + " printable characters"));
        }
        checkBusinessTypes(catalogue, errors);
        Channel chosen = chosenChannel();
        if (chosen == null) {
            errors.add(new FieldError("channel", "must be ONLINE or MOBILE (staff book PHONE and WALK_IN)"));
        }
        if (!errors.isEmpty()) {
            throw CommonProblems.validationFailed(errors);
        }
        return new BookingCommand(hallCode, day, time, taxpayerId.toUpperCase(), name, businessTypes, phone,
                idempotencyKey, chosen);
    }

    private void checkBusinessTypes(HallCatalogue catalogue, List<FieldError> errors) {
        if (businessTypes == null || businessTypes.isEmpty() || businessTypes.size() > 12) {
            errors.add(new FieldError("businessTypes", "must list 1 to 12 business type codes"));
            return;
        }
        if (new HashSet<>(businessTypes).size() != businessTypes.size()) {
            errors.add(new FieldError("businessTypes", "must not repeat a business type"));
        }
        businessTypes.stream()
                .filter(code -> code == null || catalogue.businessType(code).isEmpty())
                .findFirst()
                .ifPresent(code -> errors.add(new FieldError("businessTypes", "unknown business type " + code)));
    }

    private Channel chosenChannel() {
        if (channel == null) {
            return Channel.ONLINE;
        }
        return Optional.of(channel).filter(value -> value.equals("ONLINE") || value.equals("MOBILE"))
                .map(Channel::valueOf).orElse(null);
    }

    private static <T> T parse(String field, String text, java.util.function.Function<String, T> parser, String message,
                               List<FieldError> errors) {
        if (text == null) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        try {
            return parser.apply(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, message));
            return null;
        }
    }

    static ApiProblem missingBody() {
        return CommonProblems.validationFailed("body", "a JSON booking request is required");
    }
}
