package cn.yuyue.admin.desk;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import cn.yuyue.booking.application.BookingCommand;
import cn.yuyue.booking.model.Channel;
import cn.yuyue.booking.web.BookerFields;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.web.FieldErrors;
import cn.yuyue.verification.MobilePhoneFormat;

/**
 * A phone (电话预约) or walk-in (现场预约) booking a staff member makes for a taxpayer. The
 * taxpayer's mobile number receives the same confirmation SMS as an online booking and is the
 * booker whose no-shows count.
 */
record StaffBookingRequest(
        String date,
        String start,
        String taxpayerId,
        String taxpayerName,
        List<String> businessTypes,
        String phone,
        String channel) {

    BookingCommand toCommand(String hallCode, String idempotencyKey, HallCatalogue catalogue) {
        FieldErrors errors = new FieldErrors();
        BookerFields.idempotencyKey(idempotencyKey, errors);
        LocalDate day = errors.date("date", date);
        LocalTime time = errors.time("start", start);
        BookerFields.taxpayerId(taxpayerId == null ? null : taxpayerId.toUpperCase(), errors);
        String name = BookerFields.taxpayerName(taxpayerName, errors);
        errors.check(MobilePhoneFormat.isValid(phone), "phone", MobilePhoneFormat.MESSAGE);
        Channel chosen = "PHONE".equals(channel) ? Channel.PHONE : "WALK_IN".equals(channel) ? Channel.WALK_IN : null;
        errors.check(chosen != null, "channel", "must be PHONE or WALK_IN");
        BookerFields.businessTypes(businessTypes, catalogue, errors);
        errors.orThrow();
        return new BookingCommand(
                hallCode, day, time, taxpayerId.toUpperCase(), name, businessTypes, phone, idempotencyKey, chosen);
    }
}
