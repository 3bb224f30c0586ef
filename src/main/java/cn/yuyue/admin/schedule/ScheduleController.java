package cn.yuyue.admin.schedule;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.admin.security.StaffRole;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallProblems;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A hall's sessions, slot length, dedicated windows and places, and its closures. */
@RestController
@Tag(name = "Admin: schedule", description = "Opening hours, capacity and closures of a hall")
@SecurityRequirement(name = "staff")
class ScheduleController {

    private static final Set<Integer> SLOT_MINUTES = Set.of(10, 15, 20, 30, 45, 60);
    private static final String SESSION_TIME = "must be a time like 09:00";

    private final ChangingSchedule changing;
    private final HallCatalogue catalogue;

    ScheduleController(ChangingSchedule changing, HallCatalogue catalogue) {
        this.changing = changing;
        this.catalogue = catalogue;
    }

    record ScheduleBody(
            String morningStart,
            String morningEnd,
            String afternoonStart,
            String afternoonEnd,
            Integer slotMinutes,
            Integer dedicatedWindows,
            Integer placesPerWindow) {}

    record ClosureBody(String date, String slotStart, String reason) {

        /** The closure asked for, once every field is good; else the 400 naming the bad ones. */
        static Closing validated(ClosureBody body) {
            FieldErrors errors = new FieldErrors();
            String reason = body == null ? null : body.reason();
            errors.check(
                    reason != null && !reason.isBlank() && reason.length() <= 200,
                    "reason",
                    "is required, up to 200 characters");
            LocalDate date = errors.date("date", body == null ? null : body.date());
            LocalTime slotStart = errors.parseOptional(
                    "slotStart",
                    body == null ? null : body.slotStart(),
                    LocalTime::parse,
                    "must be a time like 09:30, or absent to close the day");
            errors.orThrow();
            return new Closing(date, slotStart, reason.strip());
        }
    }

    /** @param slotStart the slot to close; null closes the whole day */
    record Closing(LocalDate date, LocalTime slotStart, String reason) {}

    @GetMapping("/api/v1/admin/halls/{hallCode}/schedule")
    @Operation(summary = "The hall's schedule")
    Mono<Hall.Schedule> schedule(@AuthenticationPrincipal Staff staff, @PathVariable String hallCode) {
        return staff.forHall(hallCode)
                .map(allowed -> catalogue
                        .hall(hallCode)
                        .orElseThrow(() -> HallProblems.hallNotFound(hallCode))
                        .schedule());
    }

    @PutMapping("/api/v1/admin/halls/{hallCode}/schedule")
    @Operation(
            summary = "Change sessions, slot length, dedicated windows and places per window (hall admin, operator)",
            description = "Applies to every day; the built days of the booking window change atomically. 409 "
                    + "CAPACITY_BELOW_BOOKED (date, start) when a slot would hold fewer places than are booked.")
    Mono<Hall.Schedule> change(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @RequestBody(required = false) ScheduleBody body) {
        return staff.forHall(hallCode)
                .flatMap(allowed -> allowed.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR))
                .flatMap(allowed -> changing.change(staff, hallCode, validated(body)))
                .flatMap(ScheduleController::changed);
    }

    private static Mono<Hall.Schedule> changed(ScheduleChangeResult result) {
        if (result instanceof ScheduleChangeResult.Changed changed) {
            return Mono.just(changed.schedule());
        }
        if (result instanceof ScheduleChangeResult.CapacityBelowBooked below) {
            return Mono.error(StaffProblems.conflict(
                            "CAPACITY_BELOW_BOOKED",
                            "Capacity below bookings",
                            "On " + below.date() + " the " + below.start() + " slot holds " + below.taken()
                                    + " bookings, more than the new schedule allows; nothing was changed")
                    .with("date", below.date().toString())
                    .with("start", below.start().toString()));
        }
        throw new IllegalStateException("No answer for schedule change " + result);
    }

    @GetMapping("/api/v1/admin/halls/{hallCode}/closures")
    @Operation(summary = "The hall's closed days and slots")
    Mono<List<ChangingSchedule.Closure>> closures(@AuthenticationPrincipal Staff staff, @PathVariable String hallCode) {
        return staff.forHall(hallCode)
                .flatMap(allowed -> changing.closures(hallCode).collectList());
    }

    @PostMapping("/api/v1/admin/halls/{hallCode}/closures")
    @Operation(
            summary = "Close a day (no slotStart) or one slot, with a reason (hall admin, operator)",
            description = "409 SLOT_HAS_BOOKINGS (bookingIds) when bookings hold places there: propose new times "
                    + "to them first; a hall never cancels bookings.")
    Mono<ResponseEntity<ChangingSchedule.Closure>> close(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @RequestBody(required = false) ClosureBody body) {
        return Mono.fromCallable(() -> ClosureBody.validated(body))
                .flatMap(closing -> staff.forHall(hallCode)
                        .flatMap(allowed -> allowed.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR))
                        .flatMap(allowed ->
                                changing.close(staff, hallCode, closing.date(), closing.slotStart(), closing.reason())))
                .flatMap(ScheduleController::closed);
    }

    private static Mono<ResponseEntity<ChangingSchedule.Closure>> closed(ClosureResult result) {
        if (result instanceof ClosureResult.Closed closed) {
            return Mono.just(ResponseEntity.status(HttpStatus.CREATED).body(closed.closure()));
        }
        if (result instanceof ClosureResult.SlotNotFound notFound) {
            return Mono.error(StaffProblems.notFound(
                    "SLOT_NOT_FOUND",
                    "Slot not found",
                    "No open slot starts at " + notFound.slotStart() + " on " + notFound.date()));
        }
        if (result instanceof ClosureResult.SlotHasBookings held) {
            return Mono.error(StaffProblems.conflict(
                            ChangingSchedule.SLOT_HAS_BOOKINGS,
                            "Slot has bookings",
                            "Bookings hold places there: propose new times to them first (rescheduling), "
                                    + "a hall never cancels them")
                    .with("bookingIds", held.bookingIds()));
        }
        if (result instanceof ClosureResult.AlreadyClosed already) {
            return Mono.error(StaffProblems.conflict(
                    "ALREADY_CLOSED",
                    "Already closed",
                    "This " + (already.slotStart() == null ? "day" : "slot") + " is closed already"));
        }
        throw new IllegalStateException("No answer for closure " + result);
    }

    @DeleteMapping("/api/v1/admin/halls/{hallCode}/closures/{id}")
    @Operation(summary = "Reopen a closed day or slot (hall admin, operator)")
    Mono<ResponseEntity<Void>> reopen(
            @AuthenticationPrincipal Staff staff, @PathVariable String hallCode, @PathVariable long id) {
        return staff.forHall(hallCode)
                .flatMap(allowed -> allowed.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR))
                .flatMap(allowed -> changing.reopen(staff, hallCode, id))
                .flatMap(result -> reopened(hallCode, result));
    }

    private static Mono<ResponseEntity<Void>> reopened(String hallCode, ReopeningResult result) {
        if (result instanceof ReopeningResult.Reopened) {
            return Mono.just(ResponseEntity.noContent().build());
        }
        if (result instanceof ReopeningResult.ClosureNotFound notFound) {
            return Mono.error(StaffProblems.notFound(
                    "CLOSURE_NOT_FOUND",
                    "Closure not found",
                    "No closure " + notFound.closureId() + " at hall " + hallCode));
        }
        throw new IllegalStateException("No answer for reopening " + result);
    }

    static Hall.Schedule validated(ScheduleBody body) {
        if (body == null) {
            throw CommonProblems.validationFailed("body", "a schedule is required");
        }
        FieldErrors errors = new FieldErrors();
        LocalTime ms = errors.parse("morningStart", body.morningStart(), LocalTime::parse, SESSION_TIME);
        LocalTime me = errors.parse("morningEnd", body.morningEnd(), LocalTime::parse, SESSION_TIME);
        LocalTime as = errors.parse("afternoonStart", body.afternoonStart(), LocalTime::parse, SESSION_TIME);
        LocalTime ae = errors.parse("afternoonEnd", body.afternoonEnd(), LocalTime::parse, SESSION_TIME);
        errors.check(
                body.slotMinutes() != null && SLOT_MINUTES.contains(body.slotMinutes()),
                "slotMinutes",
                "must be one of 10, 15, 20, 30, 45, 60");
        errors.check(within(body.dedicatedWindows(), 1, 50), "dedicatedWindows", "must be 1 to 50");
        errors.check(within(body.placesPerWindow(), 1, 50), "placesPerWindow", "must be 1 to 50");
        if (errors.isEmpty()) {
            boolean ordered = ms.isBefore(me) && !me.isAfter(as) && as.isBefore(ae);
            boolean holdSlots = me.toSecondOfDay() - ms.toSecondOfDay() >= body.slotMinutes() * 60
                    && ae.toSecondOfDay() - as.toSecondOfDay() >= body.slotMinutes() * 60;
            errors.check(ordered && holdSlots, "sessions", "must be in order, not overlap, and each hold one slot");
        }
        errors.orThrow();
        return new Hall.Schedule(ms, me, as, ae, body.slotMinutes(), body.dedicatedWindows(), body.placesPerWindow());
    }

    private static boolean within(Integer value, int min, int max) {
        return value != null && value >= min && value <= max;
    }
}
