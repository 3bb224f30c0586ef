package cn.yuyue.admin.reschedule;

import java.time.Duration;

import cn.yuyue.admin.desk.StaffBookingView;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.verification.PhoneVerification;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The taxpayer's side of a proposal, bound to the phone verification token of the phone that
 * booked (not to staff accounts: these paths are outside {@code /api/v1/admin}).
 */
@RestController
@Tag(name = "Bookings")
class TaxpayerRescheduleController {

    private final AnsweringReschedule answering;
    private final PhoneVerification verification;
    private final HallCatalogue catalogue;

    TaxpayerRescheduleController(
            AnsweringReschedule answering, PhoneVerification verification, HallCatalogue catalogue) {
        this.answering = answering;
        this.verification = verification;
        this.catalogue = catalogue;
    }

    @GetMapping("/api/v1/bookings/{id}/reschedule")
    @Operation(summary = "The hall's proposal of a new time for this booking (phone verification token)")
    Mono<RescheduleController.ProposalView> proposal(ServerWebExchange exchange, @PathVariable String id) {
        return verification
                .require(exchange)
                .flatMap(phone -> answering.proposalOf(id, phone.phone()))
                .flatMap(lookup -> lookup instanceof AnswerResult.Found found
                        ? Mono.just(RescheduleController.ProposalView.of(found.proposal()))
                        : Mono.error(problem((AnswerResult.NothingToAnswer) lookup)));
    }

    @PostMapping("/api/v1/bookings/{id}/reschedule/accept")
    @Operation(
            summary = "Accept the new time",
            description = "200 with the new booking (new id and appointment "
                    + "number); the old booking becomes WITHDRAWN_BY_HALL. 409 PROPOSAL_EXPIRED after the deadline, "
                    + "409 PROPOSAL_ANSWERED if answered already.")
    Mono<StaffBookingView> accept(ServerWebExchange exchange, @PathVariable String id) {
        return verification
                .require(exchange)
                .flatMap(phone -> answering.accept(id, phone.phone()))
                .flatMap(result -> result instanceof AnswerResult.Moved moved
                        ? Mono.just(StaffBookingView.of(moved.booking(), catalogue))
                        : Mono.error(problem(result)));
    }

    @PostMapping("/api/v1/bookings/{id}/reschedule/decline")
    @Operation(
            summary = "Decline the new time",
            description = "204; the booking becomes WITHDRAWN_BY_HALL, " + "which never counts as a no-show.")
    Mono<ResponseEntity<Void>> decline(ServerWebExchange exchange, @PathVariable String id) {
        return verification
                .require(exchange)
                .flatMap(phone -> answering.decline(id, phone.phone()))
                .flatMap(result -> result instanceof AnswerResult.Declined
                        ? Mono.just(ResponseEntity.noContent().<Void>build())
                        : Mono.error(problem(result)));
    }

    private static ApiProblem problem(AnswerResult result) {
        if (result instanceof AnswerResult.BookingNotFound notFound) {
            return StaffProblems.notFound(
                    "BOOKING_NOT_FOUND", "Booking not found", "No booking " + notFound.bookingId());
        }
        if (result instanceof AnswerResult.OtherPhone) {
            return StaffProblems.forbidden("This booking was made with another phone");
        }
        if (result instanceof AnswerResult.NoProposal) {
            return StaffProblems.notFound(
                    "NO_PROPOSAL", "No proposal", "The hall has not proposed a new time for this booking");
        }
        if (result instanceof AnswerResult.Answered answered) {
            return StaffProblems.conflict(
                            "PROPOSAL_ANSWERED",
                            "Proposal answered",
                            "This proposal is " + answered.status() + " already")
                    .with("status", answered.status());
        }
        if (result instanceof AnswerResult.Expired) {
            return StaffProblems.conflict(
                    "PROPOSAL_EXPIRED",
                    "Proposal expired",
                    "The deadline passed; the hall withdrew the booking without penalty");
        }
        if (result instanceof AnswerResult.InProgress) {
            return StaffProblems.conflict(
                    "REQUEST_IN_PROGRESS", "Request in progress", "This proposal is being answered; try again shortly");
        }
        if (result instanceof AnswerResult.Lost) {
            return StaffProblems.conflict(
                    "PROPOSAL_LOST", "Proposal lost", "The held place is gone; ask the hall for a new proposal");
        }
        if (result instanceof AnswerResult.NotRecorded) {
            return CommonProblems.tryLater("The answer could not be recorded; please try again", Duration.ofSeconds(2));
        }
        if (result instanceof AnswerResult.Unfinished) {
            return CommonProblems.tryLater(
                    "The answer is recorded but not finished; please send it again", Duration.ofSeconds(2));
        }
        throw new IllegalStateException("No answer for reschedule answer " + result);
    }
}
