package cn.yuyue.admin.checkin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.admin.desk.StaffBookingView;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.booking.model.AppointmentNumber;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.TransitionRefused;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.ratelimit.RateLimiter;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Check-in at the guide's desk and the printable slip. */
@RestController
@Tag(name = "Admin: check-in", description = "现场确认 and the 预约办税单")
@SecurityRequirement(name = "staff")
class CheckInController {

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    private final CheckingIn checkingIn;
    private final HallBookings bookings;
    private final HallCatalogue catalogue;
    private final AuditLog audit;
    private final Clock clock;

    CheckInController(
            CheckingIn checkingIn, HallBookings bookings, HallCatalogue catalogue, AuditLog audit, Clock clock) {
        this.checkingIn = checkingIn;
        this.bookings = bookings;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
    }

    record CheckInRequest(String appointmentNo, String taxpayerName) {

        /** The sequence behind {@code appointmentNo} once both fields are good; else the 400 naming the bad ones. */
        long validAppointmentSeq() {
            FieldErrors errors = new FieldErrors();
            long seq = AppointmentNumber.parse(appointmentNo == null ? null : appointmentNo.strip());
            errors.check(seq >= 0, "appointmentNo", "must be a letter and three digits, like A001");
            errors.check(taxpayerName != null && !taxpayerName.isBlank(), "taxpayerName", "is required");
            errors.orThrow();
            return seq;
        }
    }

    record CheckedIn(StaffBookingView booking, String slip) {}

    @PostMapping("/api/v1/admin/halls/{hallCode}/check-ins")
    @Operation(
            summary = "Check a taxpayer in (appointment number + name, today, at this hall)",
            description = "200 with the booking, now CHECKED_IN, and the slip's address. Refusals: "
                    + "404 APPOINTMENT_NOT_FOUND, 409 WRONG_HALL, 422 WRONG_DAY (neither says which hall or day), "
                    + "422 NAME_MISMATCH, 422 TOO_EARLY (checkInOpensAt), 422 TOO_LATE, 409 ALREADY_CHECKED_IN, "
                    + "409 BOOKING_NOT_ACTIVE (status). A BookingCheckedIn event is published for the queue system.")
    Mono<CheckedIn> checkIn(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @RequestBody(required = false) CheckInRequest request) {
        if (request == null) {
            return Mono.error(CommonProblems.validationFailed("body", "appointmentNo and taxpayerName are required"));
        }
        return staff.forHall(hallCode)
                .flatMap(allowed ->
                        checkingIn.checkIn(staff, hallCode, request.validAppointmentSeq(), request.taxpayerName()))
                .flatMap(result -> answer(hallCode, result));
    }

    private Mono<CheckedIn> answer(String hallCode, CheckInResult result) {
        if (result instanceof CheckInResult.CheckedIn checkedIn) {
            Booking booking = checkedIn.booking();
            return Mono.just(new CheckedIn(
                    StaffBookingView.of(booking, catalogue),
                    "/api/v1/admin/halls/" + hallCode + "/bookings/" + booking.id() + "/slip"));
        }
        return Mono.error(problem(result));
    }

    static ApiProblem problem(CheckInResult result) {
        if (result instanceof CheckInResult.NotFound notFound) {
            return StaffProblems.notFound(
                    notFound.code(),
                    "Appointment not found",
                    "No appointment " + notFound.appointmentNo() + " at this hall today");
        }
        if (result instanceof CheckInResult.AtAnotherHall elsewhere) {
            return StaffProblems.conflict(
                    elsewhere.code(),
                    "Booked at another hall",
                    "Appointment " + elsewhere.appointmentNo()
                            + " of this taxpayer is at another hall; the booking SMS names it");
        }
        if (result instanceof CheckInResult.OnAnotherDay otherDay) {
            return StaffProblems.unprocessable(
                    otherDay.code(),
                    "Booked for another day",
                    "Appointment " + otherDay.appointmentNo()
                            + " of this taxpayer is at this hall on another day; the booking SMS names it");
        }
        if (result instanceof CheckInResult.NameMismatch mismatch) {
            return StaffProblems.unprocessable(
                    mismatch.code(),
                    "Name does not match",
                    "Appointment " + mismatch.appointmentNo() + " today was made for another name");
        }
        if (result instanceof CheckInResult.TooManyRefusals tooMany) {
            return ApiProblem.of(
                            HttpStatus.TOO_MANY_REQUESTS,
                            RateLimiter.RATE_LIMITED,
                            "Too many failed check-ins",
                            "Too many check-ins of this account were refused in a short time; wait before trying again")
                    .retryAfter(tooMany.retryAfter());
        }
        if (result instanceof CheckInResult.Refused refused) {
            return refusal(refused.booking(), refused.why());
        }
        if (result instanceof CheckInResult.NotRecorded) {
            return CommonProblems.tryLater(
                    "The check-in could not be recorded; please try again", Duration.ofSeconds(2));
        }
        throw new IllegalStateException("No answer for check-in result " + result);
    }

    private static ApiProblem refusal(Booking booking, TransitionRefused why) {
        if (why instanceof TransitionRefused.AlreadyCheckedIn) {
            return StaffProblems.conflict(
                            "ALREADY_CHECKED_IN",
                            "Already checked in",
                            "Appointment " + booking.appointmentNo()
                                    + " is checked in already; reprint its slip if needed")
                    .with("bookingId", booking.id());
        }
        if (why instanceof TransitionRefused.TooEarly early) {
            return StaffProblems.unprocessable(
                            "TOO_EARLY",
                            "Too early",
                            "Check-in for the " + booking.start() + " slot opens at "
                                    + early.opensAt().toLocalTime())
                    .with(
                            "checkInOpensAt",
                            early.opensAt()
                                    .atZone(ProvinceTime.ZONE)
                                    .toOffsetDateTime()
                                    .toString());
        }
        if (why instanceof TransitionRefused.TooLate late) {
            return StaffProblems.unprocessable(
                            "TOO_LATE",
                            "Too late",
                            "The " + booking.start() + "-" + booking.end()
                                    + " slot is over; the taxpayer may book again")
                    .with(
                            "checkInClosedAt",
                            late.closedAt()
                                    .atZone(ProvinceTime.ZONE)
                                    .toOffsetDateTime()
                                    .toString());
        }
        return StaffProblems.conflict(
                        "BOOKING_NOT_ACTIVE",
                        "Booking not active",
                        "Appointment " + booking.appointmentNo() + " is " + booking.status())
                .with("status", booking.status().name());
    }

    @GetMapping(value = "/api/v1/admin/halls/{hallCode}/bookings/{id}/slip", produces = "text/html")
    @Operation(summary = "The printable 预约办税单 of a checked-in booking (text/html, UTF-8, print CSS)")
    Mono<ResponseEntity<String>> slip(
            @AuthenticationPrincipal Staff staff, @PathVariable String hallCode, @PathVariable String id) {
        return staff.forHall(hallCode).flatMap(allowed -> bookings.find(id)).flatMap(found -> {
            if (found.isEmpty() || !found.get().hallCode().equals(hallCode)) {
                return Mono.error(StaffProblems.notFound(
                        "BOOKING_NOT_FOUND", "Booking not found", "No booking " + id + " at hall " + hallCode));
            }
            if (found.get().status() != BookingStatus.CHECKED_IN) {
                return Mono.error(StaffProblems.conflict(
                        "NOT_CHECKED_IN", "Not checked in", "A slip is printed for checked-in bookings only"));
            }
            return audit.record(staff, "SLIP_PRINTED", hallCode, id, Map.of())
                    .thenReturn(ResponseEntity.ok()
                            .contentType(HTML)
                            .body(SlipPage.render(found.get(), catalogue, clock.instant())));
        });
    }
}
