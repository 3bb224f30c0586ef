package cn.yuyue.waitlist;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import cn.yuyue.booking.web.BookerFields;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.FieldErrors;

/**
 * The body of {@code POST /bookings/waitlist}: the fields of {@code POST /bookings} with
 * {@code starts} (the slots the agent would take, any of them) instead of {@code start}, checked
 * with the same messages, each bad field named in the 400.
 */
record WaitlistRequest(
        String hallCode,
        String date,
        List<String> starts,
        String taxpayerId,
        String taxpayerName,
        List<String> businessTypes,
        String channel) {

    static final int MAX_STARTS = 8;

    /** The command, or a 400 listing every bad field. */
    WaitlistCommand toCommand(String phone, String idempotencyKey, HallCatalogue catalogue) {
        FieldErrors errors = new FieldErrors();
        BookerFields.idempotencyKey(idempotencyKey, errors);
        BookerFields.hallCode(hallCode, errors);
        LocalDate day = errors.date("date", date);
        List<LocalTime> times = parseStarts(errors);
        BookerFields.taxpayerId(taxpayerId, errors);
        String name = BookerFields.taxpayerName(taxpayerName, errors);
        BookerFields.businessTypes(businessTypes, catalogue, errors);
        errors.check(
                channel == null || channel.equals("ONLINE") || channel.equals("MOBILE"),
                "channel",
                "must be ONLINE or MOBILE (staff book PHONE and WALK_IN)");
        errors.orThrow();
        return new WaitlistCommand(
                hallCode,
                day,
                times,
                taxpayerId.toUpperCase(),
                name,
                businessTypes,
                phone,
                idempotencyKey,
                channel == null ? "ONLINE" : channel);
    }

    private List<LocalTime> parseStarts(FieldErrors errors) {
        if (!errors.check(
                starts != null && !starts.isEmpty() && starts.size() <= MAX_STARTS,
                "starts",
                "must list 1 to " + MAX_STARTS + " slot start times like 09:30")) {
            return List.of();
        }
        List<LocalTime> times = new ArrayList<>();
        for (String start : starts) {
            try {
                times.add(LocalTime.parse(start == null ? "" : start));
            } catch (DateTimeParseException e) {
                errors.add("starts", "must be times like 09:30, not " + start);
                return List.of();
            }
        }
        errors.check(new HashSet<>(times).size() == times.size(), "starts", "must not repeat a slot");
        return times;
    }

    static ApiProblem missingBody() {
        return CommonProblems.validationFailed("body", "a JSON waitlist request is required");
    }
}
