package cn.yuyue.booking.application;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import cn.yuyue.booking.model.Channel;

/** A validated request to book one slot for one taxpayer, made by the verified {@code phone}. */
public record BookingCommand(
        String hallCode,
        LocalDate date,
        LocalTime start,
        String taxpayerId,
        String taxpayerName,
        List<String> businessTypes,
        String phone,
        String idempotencyKey,
        Channel channel) {

    public BookingCommand {
        businessTypes = List.copyOf(businessTypes);
    }
}
