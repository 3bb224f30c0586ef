package cn.yuyue.booking.web;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ProvinceTime;

/** A booking as API.md shows it to the phone that made it. */
record BookingView(
        String id,
        String appointmentNo,
        String hallCode,
        LocalDate date,
        String start,
        String end,
        String status,
        String taxpayerId,
        String taxpayerName,
        List<String> businessTypes,
        List<String> transferNeeded,
        OffsetDateTime cancelDeadline,
        String channel,
        OffsetDateTime createdAt) {

    static BookingView of(Booking booking, HallCatalogue catalogue, java.time.LocalDateTime cancelDeadline) {
        List<String> transfers = booking.businessTypes().stream()
                .filter(code -> catalogue
                        .businessType(code)
                        .map(type -> !type.oneWindow())
                        .orElse(false))
                .toList();
        return new BookingView(
                booking.id(),
                booking.appointmentNo(),
                booking.hallCode(),
                booking.date(),
                booking.start().toString(),
                booking.end().toString(),
                booking.status().visible().name(),
                booking.taxpayerId(),
                booking.taxpayerName(),
                booking.businessTypes(),
                transfers,
                cancelDeadline.atZone(ProvinceTime.ZONE).toOffsetDateTime(),
                booking.channel().name(),
                booking.createdAt().atZone(ProvinceTime.ZONE).toOffsetDateTime());
    }
}
