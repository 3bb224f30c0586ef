package cn.yuyue.booking.web;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import cn.yuyue.booking.application.BookingCommand;
import cn.yuyue.booking.model.Channel;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.FieldErrors;

/**
 * The body of {@code POST /bookings}. Fields arrive as text so that each bad one is named in the
 * 400 answer, instead of one opaque "cannot parse" for the whole body.
 */
record BookingRequest(
        String hallCode,
        String date,
        String start,
        String taxpayerId,
        String taxpayerName,
        List<String> businessTypes,
        String channel) {

    /** The command, or a 400 listing every bad field. */
    BookingCommand toCommand(String phone, String idempotencyKey, HallCatalogue catalogue) {
        FieldErrors errors = new FieldErrors();
        BookerFields.idempotencyKey(idempotencyKey, errors);
        BookerFields.hallCode(hallCode, errors);
        LocalDate day = errors.date("date", date);
        LocalTime time = errors.time("start", start);
        BookerFields.taxpayerId(taxpayerId, errors);
        String name = BookerFields.taxpayerName(taxpayerName, errors);
        BookerFields.businessTypes(businessTypes, catalogue, errors);
        Channel chosen = chosenChannel();
        errors.check(chosen != null, "channel", "must be ONLINE or MOBILE (staff book PHONE and WALK_IN)");
        errors.orThrow();
        return new BookingCommand(
                hallCode, day, time, taxpayerId.toUpperCase(), name, businessTypes, phone, idempotencyKey, chosen);
    }

    private Channel chosenChannel() {
        if (channel == null) {
            return Channel.ONLINE;
        }
        return Optional.of(channel)
                .filter(value -> value.equals("ONLINE") || value.equals("MOBILE"))
                .map(Channel::valueOf)
                .orElse(null);
    }

    static ApiProblem missingBody() {
        return CommonProblems.validationFailed("body", "a JSON booking request is required");
    }
}
