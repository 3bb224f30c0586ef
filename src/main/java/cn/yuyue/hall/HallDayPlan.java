package cn.yuyue.hall;

import java.time.LocalDate;
import java.util.List;

/**
 * What a hall offers on one day: whether it opens, and its slots in time order.
 *
 * <p>A closed day (weekend, holiday, hall closure) has no slots. An open day leaves out only the
 * slots an admin closed, so an open day may still have none left.
 */
public record HallDayPlan(String hallCode, LocalDate date, boolean open, List<SlotPlan> slots) {

    public HallDayPlan {
        slots = List.copyOf(slots);
    }

    static HallDayPlan closed(String hallCode, LocalDate date) {
        return new HallDayPlan(hallCode, date, false, List.of());
    }
}
