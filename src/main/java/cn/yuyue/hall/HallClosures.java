package cn.yuyue.hall;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The days and slots that hall admins closed ({@code hall_closures}), looked up per hall and day. */
final class HallClosures {

    /** One closure; {@code slotStart == null} closes the whole day. */
    record Closure(String hallCode, LocalDate day, LocalTime slotStart, String reason) {

        boolean wholeDay() {
            return slotStart == null;
        }
    }

    private record HallDay(String hallCode, LocalDate day) {}

    /** What is closed on one hall's day: the whole day, or some slots by their start. */
    private record DayClosures(boolean wholeDay, Set<LocalTime> slotStarts) {}

    private static final DayClosures NOTHING = new DayClosures(false, Set.of());

    private final Map<HallDay, DayClosures> byHallDay;

    HallClosures(Collection<Closure> closures) {
        Map<HallDay, List<Closure>> grouped = new HashMap<>();
        for (Closure closure : closures) {
            grouped.computeIfAbsent(new HallDay(closure.hallCode(), closure.day()), key -> new ArrayList<>())
                    .add(closure);
        }
        Map<HallDay, DayClosures> index = new HashMap<>();
        grouped.forEach((hallDay, list) -> index.put(hallDay, summarise(list)));
        this.byHallDay = Map.copyOf(index);
    }

    private static DayClosures summarise(List<Closure> closures) {
        boolean wholeDay = closures.stream().anyMatch(Closure::wholeDay);
        Set<LocalTime> starts = new HashSet<>();
        closures.stream().filter(closure -> !closure.wholeDay()).forEach(closure -> starts.add(closure.slotStart()));
        return new DayClosures(wholeDay, Set.copyOf(starts));
    }

    boolean closesDay(String hallCode, LocalDate day) {
        return byHallDay.getOrDefault(new HallDay(hallCode, day), NOTHING).wholeDay();
    }

    boolean closesSlot(String hallCode, LocalDate day, LocalTime slotStart) {
        return byHallDay
                .getOrDefault(new HallDay(hallCode, day), NOTHING)
                .slotStarts()
                .contains(slotStart);
    }
}
