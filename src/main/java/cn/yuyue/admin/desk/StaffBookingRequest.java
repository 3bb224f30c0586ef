package cn.yuyue.admin.desk;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import cn.yuyue.booking.application.BookingCommand;
import cn.yuyue.booking.model.Channel;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.CommonProblems.FieldError;
import cn.yuyue.verification.MobilePhoneFormat;

/**
 * A phone (电话预约) or walk-in (现场预约) booking a staff member makes for a taxpayer. The
 * taxpayer's mobile number receives the same confirmation SMS as an online booking and is the
 * booker whose no-shows count.
 */
record StaffBookingRequest(String date, String start, String taxpayerId, String taxpayerName,
                           List<String> businessTypes, String phone, String channel) {

    BookingCommand toCommand(String hallCode, String idempotencyKey, HallCatalogue catalogue) {
        List<FieldError> errors = new ArrayList<>();
        if (idempotencyKey == null || !idempotencyKey.matches("[A-Za-z0-9_-]{1,64}")) {
            errors.add(new FieldError("Idempotency-Key", "header is required: a UUID or up to 64 letters, digits, - and _"));
        }
        LocalDate day = null;
        LocalTime time = null;
        try {
            day = LocalDate.parse(String.valueOf(date));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("date", "must be a date like 2026-12-01"));
        }
        try {
            time = LocalTime.parse(String.valueOf(start));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("start", "must be a time like 09:30"));
        }
        if (taxpayerId == null) {
            errors.add(new FieldError("taxpayerId", "is required"));
        } else {
            TaxpayerId.problem(taxpayerId.toUpperCase()).ifPresent(problem -> errors.add(new FieldError("taxpayerId", problem)));
        }
        String name = taxpayerName == null ? "" : taxpayerName.strip();
        if (name.length() < 2 || name.length() > 60 || name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("taxpayerName", "must be 2 to 60 printable characters"));
        }
        if (!MobilePhoneFormat.isValid(phone)) {
            errors.add(new FieldError("phone", MobilePhoneFormat.MESSAGE));
        }
        Channel chosen = "PHONE".equals(channel) ? Channel.PHONE : "WALK_IN".equals(channel) ? Channel.WALK_IN : null;
        if (chosen == null) {
            errors.add(new FieldError("channel", "must be PHONE or WALK_IN"));
        }
        if (businessTypes == null || businessTypes.isEmpty() || businessTypes.size() > 12
                || new HashSet<>(businessTypes).size() != businessTypes.size()) {
            errors.add(new FieldError("businessTypes", "must list 1 to 12 different business type codes"));
        } else {
            businessTypes.stream().filter(code -> code == null || catalogue.businessType(code).isEmpty()).findFirst()
                    .ifPresent(code -> errors.add(new FieldError("businessTypes", "unknown business type " + code)));
        }
        if (!errors.isEmpty()) {
            throw CommonProblems.validationFailed(errors);
        }
        return new BookingCommand(hallCode, day, time, taxpayerId.toUpperCase(), name, businessTypes, phone,
                idempotencyKey, chosen);
    }
}
