package cn.yuyue.hall;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One consistent, immutable view of the catalogue tables, and the questions asked of it.
 *
 * <p>{@link HallCatalogue} swaps whole snapshots, so a reader never sees halls from one load and
 * closures from another. No Spring, no I/O: the rules here are unit-tested as they are.
 */
final class CatalogueSnapshot {

    static final CatalogueSnapshot EMPTY =
            new CatalogueSnapshot(List.of(), List.of(), new WorkingDayCalendar(Map.of()), new HallClosures(List.of()));

    private final List<Hall> halls;
    private final Map<String, Hall> hallsByCode;
    private final List<BusinessType> businessTypes;
    private final Map<String, BusinessType> businessTypesByCode;
    private final WorkingDayCalendar calendar;
    private final HallClosures closures;

    /** @param businessTypes in the operator's sort order, which the API keeps */
    CatalogueSnapshot(
            List<Hall> halls, List<BusinessType> businessTypes, WorkingDayCalendar calendar, HallClosures closures) {
        this.halls = halls.stream().sorted(Comparator.comparing(Hall::code)).toList();
        this.hallsByCode = this.halls.stream().collect(Collectors.toUnmodifiableMap(Hall::code, Function.identity()));
        this.businessTypes = List.copyOf(businessTypes);
        this.businessTypesByCode = this.businessTypes.stream()
                .collect(Collectors.toUnmodifiableMap(BusinessType::code, Function.identity()));
        this.calendar = calendar;
        this.closures = closures;
    }

    Optional<Hall> hall(String code) {
        return Optional.ofNullable(code).map(hallsByCode::get);
    }

    /** Halls sorted by code; {@code null} or blank criteria do not filter. */
    List<Hall> halls(String cityCode, String text) {
        String needle = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
        return halls.stream()
                .filter(hall -> cityCode == null
                        || cityCode.isBlank()
                        || hall.cityCode().equals(cityCode))
                .filter(hall -> needle == null || matches(hall, needle))
                .toList();
    }

    private static boolean matches(Hall hall, String needle) {
        return hall.name().toLowerCase(Locale.ROOT).contains(needle)
                || hall.county().toLowerCase(Locale.ROOT).contains(needle)
                || hall.address().toLowerCase(Locale.ROOT).contains(needle)
                || hall.code().contains(needle);
    }

    List<BusinessType> businessTypes() {
        return businessTypes;
    }

    Optional<BusinessType> businessType(String code) {
        return Optional.ofNullable(code).map(businessTypesByCode::get);
    }

    /** @throws cn.yuyue.platform.web.ApiProblem {@code HALL_NOT_FOUND} for an unknown hall */
    HallDayPlan plan(String hallCode, LocalDate date) {
        Hall hall = hall(hallCode).orElseThrow(() -> HallProblems.hallNotFound(hallCode));
        if (!calendar.isWorkingDay(date) || closures.closesDay(hallCode, date)) {
            return HallDayPlan.closed(hallCode, date);
        }
        List<SlotPlan> slots = SlotCutter.cut(hall.schedule()).stream()
                .filter(slot -> !closures.closesSlot(hallCode, date, slot.start()))
                .toList();
        return new HallDayPlan(hallCode, date, true, slots);
    }

    int hallCount() {
        return halls.size();
    }
}
