package cn.yuyue.booking.web;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import cn.yuyue.booking.application.BookingCommand;
import cn.yuyue.booking.model.Channel;
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


    /** The command, or a 400 listing every bad field. */
    BookingCommand toCommand(String phone, String idempotencyKey, HallCatalogue catalogue) {
        List<FieldError> errors = new ArrayList<>();
        BookerFields.idempotencyKey(idempotencyKey, errors);
        BookerFields.hallCode(hallCode, errors);
        LocalDate day = parse("date", date, LocalDate::parse, "must be a date like 2026-12-01", errors);
        LocalTime time = parse("start", start, LocalTime::parse, "must be a time like 09:30", errors);
        BookerFields.taxpayerId(taxpayerId, errors);
        String name = BookerFields.taxpayerName(taxpayerName, errors);
        BookerFields.businessTypes(businessTypes, catalogue, errors);
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
