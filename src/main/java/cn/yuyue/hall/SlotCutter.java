package cn.yuyue.hall;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a hall's sessions into bookable slots of the schedule's length.
 *
 * <p>Slots start at the session start and follow each other; a slot that would run past the
 * session end is not offered, because a taxpayer booked into it could not be served in full.
 */
final class SlotCutter {

    private SlotCutter() {}

    static List<SlotPlan> cut(Hall.Schedule schedule) {
        List<SlotPlan> slots = new ArrayList<>(cutSession(
                schedule.morningStart(), schedule.morningEnd(), schedule.slotMinutes(), schedule.slotCapacity()));
        slots.addAll(cutSession(
                schedule.afternoonStart(), schedule.afternoonEnd(), schedule.slotMinutes(), schedule.slotCapacity()));
        return List.copyOf(slots);
    }

    static List<SlotPlan> cutSession(LocalTime start, LocalTime end, int slotMinutes, int capacity) {
        if (slotMinutes <= 0) {
            throw new IllegalArgumentException("slot length must be positive, was " + slotMinutes);
        }
        // Minutes of the day, not LocalTime arithmetic, which would wrap past midnight.
        int sessionEnd = end.toSecondOfDay() / 60;
        List<SlotPlan> slots = new ArrayList<>();
        for (int from = start.toSecondOfDay() / 60; from + slotMinutes <= sessionEnd; from += slotMinutes) {
            slots.add(new SlotPlan(
                    LocalTime.ofSecondOfDay(from * 60L),
                    LocalTime.ofSecondOfDay((from + slotMinutes) * 60L),
                    capacity));
        }
        return slots;
    }
}
