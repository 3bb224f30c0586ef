package cn.yuyue.admin.reschedule;

import cn.yuyue.admin.desk.StaffBookingView;
import cn.yuyue.hall.HallCatalogue;
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

    TaxpayerRescheduleController(AnsweringReschedule answering, PhoneVerification verification,
                                 HallCatalogue catalogue) {
        this.answering = answering;
        this.verification = verification;
        this.catalogue = catalogue;
    }

    @GetMapping("/api/v1/bookings/{id}/reschedule")
    @Operation(summary = "The hall's proposal of a new time for this booking (phone verification token)")
    Mono<RescheduleController.ProposalView> proposal(ServerWebExchange exchange, @PathVariable String id) {
        return verification.require(exchange)
                .flatMap(phone -> answering.proposalOf(id, phone.phone()))
                .map(RescheduleController.ProposalView::of);
    }

    @PostMapping("/api/v1/bookings/{id}/reschedule/accept")
    @Operation(summary = "Accept the new time", description = "200 with the new booking (new id and appointment "
            + "number); the old booking becomes WITHDRAWN_BY_HALL. 409 PROPOSAL_EXPIRED after the deadline, "
            + "409 PROPOSAL_ANSWERED if answered already.")
    Mono<StaffBookingView> accept(ServerWebExchange exchange, @PathVariable String id) {
        return verification.require(exchange)
                .flatMap(phone -> answering.accept(id, phone.phone()))
                .map(booking -> StaffBookingView.of(booking, catalogue));
    }

    @PostMapping("/api/v1/bookings/{id}/reschedule/decline")
    @Operation(summary = "Decline the new time", description = "204; the booking becomes WITHDRAWN_BY_HALL, "
            + "which never counts as a no-show.")
    Mono<ResponseEntity<Void>> decline(ServerWebExchange exchange, @PathVariable String id) {
        return verification.require(exchange)
                .flatMap(phone -> answering.decline(id, phone.phone()))
                .thenReturn(ResponseEntity.noContent().build());
    }
}
