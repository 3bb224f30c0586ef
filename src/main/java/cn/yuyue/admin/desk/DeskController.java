package cn.yuyue.admin.desk;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.booking.application.BookingOutcome;
import cn.yuyue.booking.application.MakingBooking;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.IdempotencyKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The guide's desk: the day's list, one booking, and phone or walk-in bookings for taxpayers. */
@RestController
@Tag(name = "Admin: desk", description = "Bookings of a hall for its staff")
@SecurityRequirement(name = "staff")
class DeskController {

    private final HallBookings bookings;
    private final MakingBooking booking;
    private final HallCatalogue catalogue;
    private final AuditLog audit;
    private final java.time.Clock clock;

    DeskController(
            HallBookings bookings,
            MakingBooking booking,
            HallCatalogue catalogue,
            AuditLog audit,
            java.time.Clock clock) {
        this.bookings = bookings;
        this.booking = booking;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/api/v1/admin/halls/{hallCode}/bookings")
    @Operation(summary = "The bookings of a hall on a day (default today), by slot and number")
    Mono<List<StaffBookingView>> day(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @RequestParam(required = false) String date) {
        LocalDate day = date == null ? LocalDate.now(clock.withZone(ProvinceTime.ZONE)) : parseDate(date);
        return staff.forHall(hallCode)
                .flatMap(allowed -> bookings.day(hallCode, day))
                .map(list -> list.stream()
                        .map(found -> StaffBookingView.of(found, catalogue))
                        .toList());
    }

    @GetMapping("/api/v1/admin/halls/{hallCode}/bookings/{id}")
    @Operation(summary = "One booking of the hall")
    Mono<StaffBookingView> one(
            @AuthenticationPrincipal Staff staff, @PathVariable String hallCode, @PathVariable String id) {
        return staff.forHall(hallCode)
                .flatMap(allowed -> bookings.find(id))
                .map(found -> found.filter(candidate -> candidate.hallCode().equals(hallCode))
                        .map(candidate -> StaffBookingView.of(candidate, catalogue))
                        .orElseThrow(() -> StaffProblems.notFound(
                                "BOOKING_NOT_FOUND",
                                "Booking not found",
                                "No booking " + id + " at hall " + hallCode)));
    }

    @PostMapping("/api/v1/admin/halls/{hallCode}/bookings")
    @Operation(
            summary = "Book for a taxpayer by phone (PHONE) or at the hall (WALK_IN)",
            description = "Same rules, inventory and confirmation SMS as online bookings; the taxpayer's mobile "
                    + "number is the booker. Requires an Idempotency-Key header; the same key and body again "
                    + "returns the same booking.")
    Mono<ResponseEntity<StaffBookingView>> book(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @IdempotencyKey @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) StaffBookingRequest request) {
        return staff.forHall(hallCode).flatMap(allowed -> {
            if (request == null) {
                return Mono.error(CommonProblems.validationFailed("body", "a JSON booking request is required"));
            }
            return booking.book(request.toCommand(hallCode, key, catalogue)).flatMap(outcome -> answer(staff, outcome));
        });
    }

    private Mono<ResponseEntity<StaffBookingView>> answer(Staff staff, BookingOutcome outcome) {
        if (outcome instanceof BookingOutcome.Rejected rejected) {
            return Mono.error(BookingRejections.of(rejected));
        }
        boolean created = outcome instanceof BookingOutcome.Created;
        Booking made =
                created ? ((BookingOutcome.Created) outcome).booking() : ((BookingOutcome.Existing) outcome).booking();
        StaffBookingView view = StaffBookingView.of(made, catalogue);
        URI location = URI.create("/api/v1/admin/halls/" + made.hallCode() + "/bookings/" + made.id());
        if (!created) {
            return Mono.just(ResponseEntity.ok().location(location).body(view));
        }
        return audit.record(
                        staff,
                        "BOOKED_FOR_TAXPAYER",
                        made.hallCode(),
                        made.id(),
                        Map.of(
                                "channel",
                                made.channel().name(),
                                "phone",
                                MaskedPhone.of(made.phone()),
                                "taxpayerId",
                                TaxpayerId.masked(made.taxpayerId()),
                                "slot",
                                made.date() + " " + made.start()))
                .thenReturn(ResponseEntity.created(location).body(view));
    }

    static LocalDate parseDate(String date) {
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw CommonProblems.validationFailed("date", "must be a date like 2026-12-01");
        }
    }
}
