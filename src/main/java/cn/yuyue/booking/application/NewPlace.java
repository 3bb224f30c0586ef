package cn.yuyue.booking.application;

import java.time.LocalDate;
import java.time.LocalTime;

import cn.yuyue.slot.HallDay;

/** A slot the hall would offer a booking instead of its own: at its hall or another of the same city. */
public record NewPlace(String hallCode, LocalDate date, LocalTime start, LocalTime end) {

    public HallDay hallDay() {
        return new HallDay(hallCode, date);
    }
}
