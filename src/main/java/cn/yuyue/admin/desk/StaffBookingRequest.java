package cn.yuyue.admin.desk;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;

import cn.yuyue.booking.application.BookingCommand;
import cn.yuyue.booking.model.Channel;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.web.FieldErrors;
import cn.yuyue.verification.MobilePhoneFormat;

/**
 * A phone (电话预约) or walk-in (现场预约) booking a staff member makes for a taxpayer. The
 * taxpayer's mobile number receives the same confirmation SMS as an online booking and is the
 * booker whose no-shows count.
 */
record StaffBookingRequest(String date, String start, String taxpayerId, String taxpayerName,
                           List<String> businessTypes, String phone, String channel) {

    BookingCommand toCommand(String hallCode, String idempotencyKey, HallCatalogue catalogue) {
        FieldErrors errors = new FieldErrors();
        errors.check(idempotencyKey != null && idempotencyKey.matches("[A-Za-z0-9_-]{1,64}"), "Idempotency-Key",
                "header is required: a UUID or up to 64 letters, digits, - and _");
        LocalDate day = errors.date("date", date);
        LocalTime time = errors.time("start", start);
        if (errors.check(taxpayerId != null, "taxpayerId", "is required")) {
            TaxpayerId.problem(taxpayerId.toUpperCase()).ifPresent(problem -> errors.add("taxpayerId", problem));
        }
        String name = taxpayerName == null ? "" : taxpayerName.strip();
        errors.check(name.length() >= 2 && name.length() <= 60 && name.chars().noneMatch(Character::isISOControl),
                "taxpayerName", "must be 2 to 60 printable characters");
        errors.check(MobilePhoneFormat.isValid(phone), "phone", MobilePhoneFormat.MESSAGE);
        Channel chosen = "PHONE".equals(channel) ? Channel.PHONE : "WALK_IN".equals(channel) ? Channel.WALK_IN : null;
        errors.check(chosen != null, "channel", "must be PHONE or WALK_IN");
        boolean listed = businessTypes != null && !businessTypes.isEmpty() && businessTypes.size() <= 12
                && new HashSet<>(businessTypes).size() == businessTypes.size();
        if (errors.check(listed, "businessTypes", "must list 1 to 12 different business type codes")) {
            businessTypes.stream().filter(code -> code == null || catalogue.businessType(code).isEmpty()).findFirst()
                    .ifPresent(code -> errors.add("businessTypes", "unknown business type " + code));
        }
        errors.orThrow();
        return new BookingCommand(hallCode, day, time, taxpayerId.toUpperCase(), name, businessTypes, phone,
                idempotencyKey, chosen);
    }
}
