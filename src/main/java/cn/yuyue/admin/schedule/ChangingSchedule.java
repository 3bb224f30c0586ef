package cn.yuyue.admin.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallDayPlan;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.InventorySource;
import cn.yuyue.slot.LiveBookings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hall admins change their hall's schedule and close days or slots. The catalogue (PostgreSQL, then
 * {@link HallCatalogue#refresh()}) changes first; then every built hall-day of the booking window
 * takes the new plan in one atomic script each, which refuses to drop a slot below the places
 * already taken. A refusal puts the old schedule back. Closing a slot that holds bookings is refused:
 * those bookings are rescheduled by agreement first, never deleted. Other instances learn of the
 * change from the catalogue version ({@link ReplanningBuiltDays}).
 */
@Service
public class ChangingSchedule {

    public static final String SLOT_HAS_BOOKINGS = "SLOT_HAS_BOOKINGS";
    private static final Logger log = LoggerFactory.getLogger(ChangingSchedule.class);

    private final DatabaseClient database;
    private final HallCatalogue catalogue;
    private final LiveBookings live;
    private final HallBookings bookings;
    private final AuditLog audit;
    private final BookingProperties booking;
    private final Clock clock;
    private final ScheduleEdits edits;
    private final Duration timeout;

    ChangingSchedule(
            DatabaseClient database,
            HallCatalogue catalogue,
            LiveBookings live,
            HallBookings bookings,
            AuditLog audit,
            BookingProperties booking,
            Clock clock,
            ScheduleEdits edits,
            Timeouts timeouts) {
        this.edits = edits;
        this.database = database;
        this.catalogue = catalogue;
        this.live = live;
        this.bookings = bookings;
        this.audit = audit;
        this.booking = booking;
        this.clock = clock;
        this.timeout = timeouts.postgres();
    }

    public record Closure(
            long id, String hallCode, LocalDate date, LocalTime slotStart, String reason, OffsetDateTime createdAt) {}

    public Mono<ScheduleChangeResult> change(Staff staff, String hallCode, Hall.Schedule schedule) {
        return edits.inTurn(Mono.defer(() -> changeNow(staff, hallCode, schedule)));
    }

    private Mono<ScheduleChangeResult> changeNow(Staff staff, String hallCode, Hall.Schedule schedule) {
        Hall.Schedule previous = catalogue.hall(hallCode).orElseThrow().schedule();
        return write(hallCode, schedule)
                .then(catalogue.refresh())
                .then(replan(hallCode))
                .<ScheduleChangeResult>flatMap(
                        refused -> restore(hallCode, previous).thenReturn(refused))
                .switchIfEmpty(audit.record(
                                staff,
                                "SCHEDULE_CHANGED",
                                hallCode,
                                null,
                                Map.of("previous", describe(previous), "now", describe(schedule)))
                        .thenReturn(new ScheduleChangeResult.Changed(schedule)));
    }

    /** Puts the previous schedule back after a refused change; built days that cannot follow are logged. */
    private Mono<Void> restore(String hallCode, Hall.Schedule previous) {
        return write(hallCode, previous)
                .then(catalogue.refresh())
                .then(replan(hallCode)
                        .doOnNext(refused ->
                                log.error("Hall {} could not go back to its previous plan: {}", hallCode, refused))
                        .onErrorResume(failure -> {
                            log.error(
                                    "Hall {} could not go back to its previous plan: {}", hallCode, failure.toString());
                            return Mono.empty();
                        }))
                .then();
    }

    public Mono<ClosureResult> close(Staff staff, String hallCode, LocalDate date, LocalTime slotStart, String reason) {
        return edits.inTurn(Mono.defer(() -> closeNow(staff, hallCode, date, slotStart, reason)));
    }

    private Mono<ClosureResult> closeNow(
            Staff staff, String hallCode, LocalDate date, LocalTime slotStart, String reason) {
        HallDayPlan plan = catalogue.plan(hallCode, date);
        if (slotStart != null
                && plan.slots().stream().noneMatch(slot -> slot.start().equals(slotStart))) {
            return Mono.just(new ClosureResult.SlotNotFound(date, slotStart));
        }
        List<InventorySource.Capacity> remaining = plan.slots().stream()
                .filter(slot -> slotStart != null && !slot.start().equals(slotStart))
                .map(slot -> new InventorySource.Capacity(slot.start(), slot.capacity()))
                .toList();
        HallDay hallDay = new HallDay(hallCode, date);
        return live.adjust(hallDay, remaining)
                .flatMap(adjustment -> adjustment instanceof LiveBookings.Adjustment.BelowTaken
                        ? holders(hallCode, date, slotStart).map(ClosureResult.SlotHasBookings::new)
                        : insertClosure(hallCode, date, slotStart, reason)
                                .onErrorResume(failure ->
                                        live.adjust(hallDay, capacities(plan)).then(Mono.error(failure))))
                .flatMap(result -> result instanceof ClosureResult.Closed
                        ? catalogue
                                .refresh()
                                .then(audit.record(
                                        staff,
                                        "CLOSED",
                                        hallCode,
                                        null,
                                        Map.of(
                                                "date",
                                                date.toString(),
                                                "slot",
                                                slotStart == null ? "whole day" : slotStart.toString(),
                                                "reason",
                                                reason)))
                                .thenReturn(result)
                        : Mono.just(result));
    }

    public Mono<ReopeningResult> reopen(Staff staff, String hallCode, long closureId) {
        return edits.inTurn(reopenNow(staff, hallCode, closureId));
    }

    private Mono<ReopeningResult> reopenNow(Staff staff, String hallCode, long closureId) {
        return database.sql("DELETE FROM hall_closures WHERE id = :id AND hall_code = :hall RETURNING day")
                .bind("id", closureId)
                .bind("hall", hallCode)
                .map(row -> row.get("day", LocalDate.class))
                .one()
                .timeout(timeout)
                .flatMap(day -> catalogue
                        .refresh()
                        // Deferred: the plan must be read after the refresh, not when this chain is assembled.
                        .then(Mono.defer(() ->
                                live.adjust(new HallDay(hallCode, day), capacities(catalogue.plan(hallCode, day)))))
                        .then(audit.record(
                                staff,
                                "REOPENED",
                                hallCode,
                                null,
                                Map.of("date", day.toString(), "closureId", closureId)))
                        .<ReopeningResult>thenReturn(new ReopeningResult.Reopened()))
                .defaultIfEmpty(new ReopeningResult.ClosureNotFound(closureId));
    }

    public Flux<Closure> closures(String hallCode) {
        return database.sql("SELECT id, hall_code, day, slot_start, reason, created_at FROM hall_closures "
                        + "WHERE hall_code = :hall ORDER BY day, slot_start NULLS FIRST")
                .bind("hall", hallCode)
                .map(row -> new Closure(
                        row.get("id", Long.class),
                        row.get("hall_code", String.class),
                        row.get("day", LocalDate.class),
                        row.get("slot_start", LocalTime.class),
                        row.get("reason", String.class),
                        row.get("created_at", OffsetDateTime.class)
                                .atZoneSameInstant(ProvinceTime.ZONE)
                                .toOffsetDateTime()))
                .all()
                .timeout(timeout);
    }

    private Mono<List<String>> holders(String hallCode, LocalDate date, LocalTime slotStart) {
        return bookings.day(hallCode, date)
                .map(day -> day.stream()
                        .filter(found -> found.status().holdsPlace())
                        .filter(found -> slotStart == null || found.start().equals(slotStart))
                        .map(Booking::id)
                        .toList());
    }

    private Mono<ClosureResult> insertClosure(String hallCode, LocalDate date, LocalTime slotStart, String reason) {
        DatabaseClient.GenericExecuteSpec spec = database.sql(
                        "INSERT INTO hall_closures (hall_code, day, slot_start, reason, "
                                + "created_at) VALUES (:hall, :day, :slot, :reason, :now) ON CONFLICT DO NOTHING "
                                + "RETURNING id, created_at")
                .bind("hall", hallCode)
                .bind("day", date)
                .bind("reason", reason)
                .bind("now", clock.instant().atOffset(ZoneOffset.UTC));
        spec = slotStart == null ? spec.bindNull("slot", LocalTime.class) : spec.bind("slot", slotStart);
        return spec.map(row -> new Closure(
                        row.get("id", Long.class),
                        hallCode,
                        date,
                        slotStart,
                        reason,
                        row.get("created_at", OffsetDateTime.class)
                                .atZoneSameInstant(ProvinceTime.ZONE)
                                .toOffsetDateTime()))
                .one()
                .timeout(timeout)
                .<ClosureResult>map(ClosureResult.Closed::new)
                .defaultIfEmpty(new ClosureResult.AlreadyClosed(slotStart));
    }

    /**
     * Every built day of the booking window takes the catalogue's current plan: empty when all did, else
     * the first day that could not (the days after it are not tried).
     */
    private Mono<ScheduleChangeResult.CapacityBelowBooked> replan(String hallCode) {
        LocalDate today = LocalDate.now(clock.withZone(ProvinceTime.ZONE));
        List<LocalDate> days = new ArrayList<>();
        for (int ahead = 0; ahead <= booking.daysAhead(); ahead++) {
            days.add(today.plusDays(ahead));
        }
        return Flux.fromIterable(days)
                .concatMap(day -> live.adjust(new HallDay(hallCode, day), capacities(catalogue.plan(hallCode, day)))
                        .flatMap(adjustment -> adjustment instanceof LiveBookings.Adjustment.BelowTaken below
                                ? Mono.just(
                                        new ScheduleChangeResult.CapacityBelowBooked(day, below.start(), below.taken()))
                                : Mono.empty()))
                .next();
    }

    private static List<InventorySource.Capacity> capacities(HallDayPlan plan) {
        return plan.slots().stream()
                .map(slot -> new InventorySource.Capacity(slot.start(), slot.capacity()))
                .toList();
    }

    private Mono<Void> write(String hallCode, Hall.Schedule schedule) {
        return database.sql("UPDATE hall_schedules SET morning_start = :ms, morning_end = :me, afternoon_start = :as, "
                        + "afternoon_end = :ae, slot_minutes = :minutes, dedicated_windows = :windows, "
                        + "places_per_window = :places, updated_at = :now WHERE hall_code = :hall")
                .bind("ms", schedule.morningStart())
                .bind("me", schedule.morningEnd())
                .bind("as", schedule.afternoonStart())
                .bind("ae", schedule.afternoonEnd())
                .bind("minutes", schedule.slotMinutes())
                .bind("windows", schedule.dedicatedWindows())
                .bind("places", schedule.placesPerWindow())
                .bind("now", clock.instant().atOffset(ZoneOffset.UTC))
                .bind("hall", hallCode)
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .then();
    }

    private static String describe(Hall.Schedule schedule) {
        return schedule.morningStart() + "-" + schedule.morningEnd() + " " + schedule.afternoonStart() + "-"
                + schedule.afternoonEnd() + ", " + schedule.slotMinutes() + " min slots, " + schedule.dedicatedWindows()
                + " windows x " + schedule.placesPerWindow() + " places";
    }
}
