package cn.yuyue.admin.reschedule;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.admin.security.StaffRole;
import cn.yuyue.hall.HallProblems;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A hall admin proposes a new time for a booking. */
@RestController
@Tag(name = "Admin: reschedule", description = "Rule 4: the hall proposes, the taxpayer decides")
@SecurityRequirement(name = "staff")
class RescheduleController {

    private final ProposingReschedule proposing;
    private final RescheduleProposals proposals;

    RescheduleController(ProposingReschedule proposing, RescheduleProposals proposals) {
        this.proposing = proposing;
        this.proposals = proposals;
    }

    /** @param hallCode the hall of the new slot; left out for the booking's own hall */
    record ProposalBody(String date, String start, String reason, String hallCode) {}

    /** A proposal as staff and the taxpayer see it. */
    /**
     * @param hallCode    the booking's hall
     * @param newHallCode the hall of the proposed slot ({@code hallCode} unless moved to another hall)
     */
    record ProposalView(
            String bookingId,
            String hallCode,
            String newBookingId,
            LocalDate date,
            String start,
            String end,
            String reason,
            OffsetDateTime deadline,
            String status,
            String newHallCode) {

        static ProposalView of(RescheduleProposals.Proposal proposal) {
            return new ProposalView(
                    proposal.bookingId(),
                    proposal.hallCode(),
                    proposal.newBookingId(),
                    proposal.newDay(),
                    proposal.newStart().toString(),
                    proposal.newEnd().toString(),
                    proposal.reason(),
                    proposal.deadline().atZone(ProvinceTime.ZONE).toOffsetDateTime(),
                    proposal.status(),
                    proposal.newHallCode());
        }
    }

    @PostMapping("/api/v1/admin/halls/{hallCode}/bookings/{id}/reschedule")
    @Operation(
            summary = "Propose a new slot, at this hall or another hall of its city, for a BOOKED booking, "
                    + "with a reason (hall admin, operator)",
            description = "Body {date, start, reason, hallCode?}; hallCode names another hall of the same city "
                    + "(left out: this hall). The new place is held at once; the taxpayer gets an SMS and accepts or "
                    + "declines at POST /api/v1/bookings/{id}/reschedule/accept|decline before the deadline (at most "
                    + "24 h, never after either slot starts); only an accept gives back the old place. "
                    + "409 SLOT_FULL, 404 SLOT_NOT_FOUND, 404 HALL_NOT_FOUND, 422 RESCHEDULE_OTHER_CITY (hall of "
                    + "another city), 409 DUPLICATE_BOOKING (already booked at that hall that day), "
                    + "409 BOOKING_NOT_ACTIVE, 409 PROPOSAL_OPEN.")
    Mono<ResponseEntity<ProposalView>> propose(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @PathVariable String id,
            @RequestBody(required = false) ProposalBody body) {
        if (body == null
                || body.reason() == null
                || body.reason().isBlank()
                || body.reason().length() > 100) {
            return Mono.error(CommonProblems.validationFailed("reason", "is required, up to 100 characters"));
        }
        LocalDate date;
        LocalTime start;
        try {
            date = LocalDate.parse(String.valueOf(body.date()));
            start = LocalTime.parse(String.valueOf(body.start()));
        } catch (DateTimeParseException e) {
            return Mono.error(
                    CommonProblems.validationFailed("date", "date like 2026-12-01 and start like 09:30 are required"));
        }
        return staff.forHall(hallCode)
                .flatMap(allowed -> allowed.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR))
                .flatMap(allowed -> proposing.propose(
                        staff,
                        hallCode,
                        id,
                        body.hallCode() == null || body.hallCode().isBlank()
                                ? hallCode
                                : body.hallCode().strip(),
                        date,
                        start,
                        body.reason().strip()))
                .flatMap(RescheduleController::proposed);
    }

    private static Mono<ResponseEntity<ProposalView>> proposed(ProposalResult result) {
        if (result instanceof ProposalResult.Proposed proposed) {
            return Mono.just(ResponseEntity.status(HttpStatus.CREATED).body(ProposalView.of(proposed.proposal())));
        }
        return Mono.error(problem(result));
    }

    private static ApiProblem problem(ProposalResult result) {
        if (result instanceof ProposalResult.HallNotFound notFound) {
            return HallProblems.hallNotFound(notFound.hallCode());
        }
        if (result instanceof ProposalResult.OtherCity other) {
            return StaffProblems.unprocessable(
                    ProposingReschedule.OTHER_CITY,
                    "Hall in another city",
                    "A booking moves only to a hall of its own city (" + other.city() + "); hall " + other.newHallCode()
                            + " is in " + other.newCity());
        }
        if (result instanceof ProposalResult.BookingNotFound notFound) {
            return StaffProblems.notFound(
                    "BOOKING_NOT_FOUND",
                    "Booking not found",
                    "No booking " + notFound.bookingId() + " at hall " + notFound.hallCode());
        }
        if (result instanceof ProposalResult.NotBooked notBooked) {
            return StaffProblems.conflict(
                    "BOOKING_NOT_ACTIVE",
                    "Booking not active",
                    "Only a BOOKED booking can be moved; this one is " + notBooked.status());
        }
        if (result instanceof ProposalResult.NoLongerActive notActive) {
            return StaffProblems.conflict(
                    "BOOKING_NOT_ACTIVE", "Booking not active", "The booking is " + notActive.status());
        }
        if (result instanceof ProposalResult.SlotNotFound notFound) {
            return StaffProblems.notFound(
                    "SLOT_NOT_FOUND",
                    "Slot not found",
                    "No open slot starts at " + notFound.start() + " on " + notFound.date()
                            + (notFound.hallCode() == null ? "" : " at hall " + notFound.hallCode()));
        }
        if (result instanceof ProposalResult.SlotFull full) {
            return StaffProblems.conflict(
                    "SLOT_FULL", "Slot is full", "No place left at " + full.start() + " on " + full.date());
        }
        if (result instanceof ProposalResult.TaxpayerBookedThere) {
            return StaffProblems.conflict(
                    "DUPLICATE_BOOKING",
                    "Already booked there",
                    "The taxpayer already holds a booking at that hall that day");
        }
        if (result instanceof ProposalResult.SameSlot) {
            return StaffProblems.unprocessable("SAME_SLOT", "Same slot", "Propose a different slot");
        }
        if (result instanceof ProposalResult.TooLate) {
            return StaffProblems.unprocessable(
                    "TOO_LATE_TO_RESCHEDULE",
                    "Too late",
                    "The old or the new slot starts now or has passed; the taxpayer could not answer in time");
        }
        if (result instanceof ProposalResult.ProposalOpen) {
            return StaffProblems.conflict(
                    "PROPOSAL_OPEN", "Proposal open", "This booking already has an open proposal");
        }
        if (result instanceof ProposalResult.NotProposed) {
            return CommonProblems.tryLater("Nothing was proposed; please try again", Duration.ofSeconds(2));
        }
        if (result instanceof ProposalResult.NotConfirmedYet) {
            return CommonProblems.tryLater(
                    "The proposal is not confirmed yet; see its state before proposing again", Duration.ofSeconds(2));
        }
        throw new IllegalStateException("No answer for proposal result " + result);
    }

    @GetMapping("/api/v1/admin/halls/{hallCode}/bookings/{id}/reschedule")
    @Operation(summary = "The proposal of a booking and its answer")
    Mono<ProposalView> proposal(
            @AuthenticationPrincipal Staff staff, @PathVariable String hallCode, @PathVariable String id) {
        return staff.forHall(hallCode)
                .flatMap(allowed -> proposals.find(id))
                .map(found -> found.filter(proposal -> proposal.hallCode().equals(hallCode))
                        .map(ProposalView::of)
                        .orElseThrow(() ->
                                StaffProblems.notFound("NO_PROPOSAL", "No proposal", "No proposal for booking " + id)));
    }
}
