package cn.yuyue.admin.desk;

import java.util.Map;
import java.util.regex.Pattern;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffRole;
import cn.yuyue.booking.application.BookingOutcome;
import cn.yuyue.booking.application.VoidingBooking;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.platform.web.CommonProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The hall voids a booking a stranger made with someone else's taxpayer id, once the taxpayer has
 * proved at the desk that the id is theirs (docs/staff.md). The void itself is booking's use case;
 * this edge checks who may, and audits who did it on what proof.
 */
@RestController
@Tag(name = "Admin: desk", description = "Bookings of a hall for its staff")
@SecurityRequirement(name = "staff")
class VoidController {

    static final String AUDIT_ACTION = "BOOKING_VOIDED";
    private static final int MAX_REASON = 100;
    private static final int MAX_PROOF = 200;
    /** Runs of digits long enough to be an id or a phone: the audit log is read by more people than the data. */
    private static final Pattern LONG_NUMBER = Pattern.compile("[0-9A-Za-z]{0,4}\\d{6,}[0-9A-Za-z]*");

    private final VoidingBooking voiding;
    private final HallCatalogue catalogue;
    private final AuditLog audit;

    VoidController(VoidingBooking voiding, HallCatalogue catalogue, AuditLog audit) {
        this.voiding = voiding;
        this.catalogue = catalogue;
        this.audit = audit;
    }

    /**
     * @param reason why the booking is void, e.g. "他人冒用纳税人识别号预约"
     * @param proof  what the taxpayer showed at the desk, e.g. "营业执照原件及法定代表人身份证"
     */
    record VoidBody(String reason, String proof) {}

    @PostMapping("/api/v1/admin/halls/{hallCode}/bookings/{id}/void")
    @Operation(
            summary = "Void a booking a stranger made with this taxpayer's id, on proof seen at the desk "
                    + "(hall admin, operator)",
            description = "Body {reason, proof}, both required (reason up to 100 characters, proof up to 200). The "
                    + "booking becomes CANCELLED, its place returns, the taxpayer may book that hall-day again, the "
                    + "booking phone gets the cancellation SMS, and nobody is struck as a no-show. Audited as "
                    + "BOOKING_VOIDED. 404 BOOKING_NOT_FOUND (also for another hall's booking), 409 "
                    + "BOOKING_NOT_ACTIVE (checked in, cancelled, ended or with an open reschedule proposal), 400 "
                    + "VALIDATION_FAILED, 403 FORBIDDEN (another hall's staff, a guide).")
    Mono<StaffBookingView> voidOnProof(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @PathVariable String id,
            @RequestBody(required = false) VoidBody body) {
        return staff.forHall(hallCode)
                .flatMap(allowed -> allowed.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR))
                .flatMap(allowed -> validated(body))
                .flatMap(valid -> voiding.voidOnProof(hallCode, id).flatMap(outcome -> answer(staff, valid, outcome)));
    }

    private static Mono<VoidBody> validated(VoidBody body) {
        if (body == null || blankOrLonger(body.reason(), MAX_REASON)) {
            return Mono.error(
                    CommonProblems.validationFailed("reason", "is required, up to " + MAX_REASON + " characters"));
        }
        if (blankOrLonger(body.proof(), MAX_PROOF)) {
            return Mono.error(CommonProblems.validationFailed(
                    "proof", "is required: what the taxpayer showed, up to " + MAX_PROOF + " characters"));
        }
        return Mono.just(new VoidBody(body.reason().strip(), body.proof().strip()));
    }

    private static boolean blankOrLonger(String text, int most) {
        return text == null || text.isBlank() || text.strip().length() > most;
    }

    private Mono<StaffBookingView> answer(Staff staff, VoidBody body, BookingOutcome outcome) {
        if (outcome instanceof BookingOutcome.Rejected rejected) {
            return Mono.error(BookingRejections.of(rejected));
        }
        Booking voided = ((BookingOutcome.Existing) outcome).booking();
        return audit.record(
                        staff,
                        AUDIT_ACTION,
                        voided.hallCode(),
                        voided.id(),
                        Map.of(
                                "reason",
                                masked(body.reason()),
                                "proof",
                                masked(body.proof()),
                                "phone",
                                MaskedPhone.of(voided.phone()),
                                "taxpayerId",
                                TaxpayerId.masked(voided.taxpayerId()),
                                "slot",
                                voided.date() + " " + voided.start()))
                .thenReturn(StaffBookingView.of(voided, catalogue));
    }

    /** Staff may type a document or phone number into the free text; only its shape is kept. */
    static String masked(String text) {
        return LONG_NUMBER
                .matcher(text)
                .replaceAll(match -> "*".repeat(Math.min(match.group().length(), 18)));
    }
}
