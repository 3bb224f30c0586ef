package cn.yuyue.hall;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * The hall the start-up warm-up books at: every slot of every day has no place, so a claim there
 * can only be refused as full. Nothing can be booked, no event written, no SMS sent. It is never
 * listed, and it exists only while {@link HallCatalogue#openScratchHall()} holds it open, that is
 * while the instance warms up and is not yet ready for traffic.
 */
final class ScratchHall {

    /** Not an administrative division: city 0000 does not exist, so no real hall can take the code. */
    static final String CODE = "00000000";

    static final Hall HALL = new Hall(
            CODE,
            "预热专用(不对外)",
            "000000",
            "-",
            "-",
            "-",
            "-",
            new Hall.Schedule(
                    LocalTime.of(9, 0), LocalTime.of(12, 0), LocalTime.of(13, 30), LocalTime.of(17, 0), 30, 0, 0));

    private ScratchHall() {}

    /** Open on every day, so the warm-up can use the same day whatever the calendar says. */
    static HallDayPlan plan(LocalDate date) {
        return new HallDayPlan(CODE, date, true, SlotCutter.cut(HALL.schedule()));
    }
}
