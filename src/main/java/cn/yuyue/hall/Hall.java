package cn.yuyue.hall;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A tax service hall (办税服务厅) as taxpayers, SMS texts and the booking rules see it.
 *
 * @param code     stable 8-digit code: city prefix (4), division index in the city (2), hall number (2)
 * @param cityCode 6-digit administrative code of the prefecture-level city, e.g. {@code 340100}
 * @param county   the county-level division (district, county, county-level city or development zone)
 * @param schedule opening hours and capacity, edited by the hall's admin
 */
public record Hall(
        String code,
        String name,
        String cityCode,
        String city,
        String county,
        String address,
        String phone,
        Schedule schedule) {

    public Hall {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * When a hall opens and how many bookings one slot takes.
     *
     * @param slotMinutes      length of one bookable slot; a trailing partial slot is not offered
     * @param dedicatedWindows windows that serve checked-in bookings first (预约办税专窗)
     * @param placesPerWindow  appointments one dedicated window serves per slot
     */
    public record Schedule(
            LocalTime morningStart,
            LocalTime morningEnd,
            LocalTime afternoonStart,
            LocalTime afternoonEnd,
            int slotMinutes,
            int dedicatedWindows,
            int placesPerWindow) {

        /** Places in every slot: dedicated windows x appointments each serves per slot. */
        public int slotCapacity() {
            return dedicatedWindows * placesPerWindow;
        }
    }
}
