package cn.yuyue.admin.desk;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.platform.ProvinceTime;

/**
 * A booking as hall staff see it: the taxpayer's name to call out, id and phone masked (the guide
 * checks the identity document itself, not a number on screen).
 */
public record StaffBookingView(
        String id,
        String appointmentNo,
        String hallCode,
        LocalDate date,
        String start,
        String end,
        String status,
        String taxpayerName,
        String taxpayerId,
        String phone,
        List<String> businessTypes,
        List<String> transferNeeded,
        String channel,
        OffsetDateTime createdAt) {

    public static StaffBookingView of(Booking booking, HallCatalogue catalogue) {
        return new StaffBookingView(
                booking.id(),
                booking.appointmentNo(),
                booking.hallCode(),
                booking.date(),
                booking.start().toString(),
                booking.end().toString(),
                booking.status().visible().name(),
                booking.taxpayerName(),
                TaxpayerId.masked(booking.taxpayerId()),
                MaskedPhone.of(booking.phone()),
                booking.businessTypes(),
                transfers(booking, catalogue),
                booking.channel().name(),
                booking.createdAt().atZone(ProvinceTime.ZONE).toOffsetDateTime());
    }

    /** Businesses outside 一窗通办: the hall transfers the ticket internally (内部转号). */
    public static List<String> transfers(Booking booking, HallCatalogue catalogue) {
        return booking.businessTypes().stream()
                .filter(code -> catalogue
                        .businessType(code)
                        .map(type -> !type.oneWindow())
                        .orElse(false))
                .toList();
    }
}
