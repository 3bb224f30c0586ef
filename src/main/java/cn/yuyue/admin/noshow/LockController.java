package cn.yuyue.admin.noshow;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.admin.security.StaffRole;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.verification.MobilePhoneFormat;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Booker locks are province-wide: any hall admin (where the booker appears in person) or the
 * operator reads and lifts them; guides do not. The identity document seen goes to the audit log
 * with its number masked.
 */
@RestController
@Tag(name = "Admin: booker locks", description = "Rule 6: the 90-day lock after three no-shows, and early unlocks")
@SecurityRequirement(name = "staff")
class LockController {

    static final Set<String> DOCUMENT_TYPES = Set.of(
            "RESIDENT_ID_CARD",
            "PASSPORT",
            "HK_MACAO_PERMIT",
            "TAIWAN_PERMIT",
            "FOREIGN_PERMANENT_RESIDENT_ID",
            "OTHER");

    private final BookerLockStore locks;
    private final AuditLog audit;
    private final Clock clock;

    LockController(BookerLockStore locks, AuditLog audit, Clock clock) {
        this.locks = locks;
        this.audit = audit;
        this.clock = clock;
    }

    record LockView(
            String phone,
            boolean locked,
            OffsetDateTime lockedAt,
            OffsetDateTime lockedUntil,
            String reason,
            OffsetDateTime unlockedAt,
            String unlockedBy) {}

    record Unlock(String phone, String documentType, String documentNumber, String note) {}

    /** The booker in question, in the body: a phone in the path would end up in every proxy's access log. */
    record Lookup(String phone) {}

    @PostMapping("/api/v1/admin/booker-locks/lookup")
    @Operation(
            summary = "Whether a booker (mobile number, in the body) is locked, and until when (hall admins, operator)")
    Mono<LockView> lookup(@AuthenticationPrincipal Staff staff, @RequestBody(required = false) Lookup request) {
        if (request == null || !MobilePhoneFormat.isValid(request.phone())) {
            return Mono.error(CommonProblems.validationFailed("phone", MobilePhoneFormat.MESSAGE));
        }
        return lock(staff, request.phone());
    }

    private Mono<LockView> lock(Staff staff, String phone) {
        return staff.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR)
                .flatMap(allowed -> locks.find(phone))
                .map(found -> found.map(lock -> new LockView(
                                phone,
                                lock.activeAt(clock.instant()),
                                time(lock.lockedAt()),
                                time(lock.lockedUntil()),
                                lock.reason(),
                                time(lock.unlockedAt()),
                                lock.unlockedBy()))
                        .orElse(new LockView(phone, false, null, null, null, null, null)));
    }

    @PostMapping("/api/v1/admin/booker-locks/unlock")
    @Operation(
            summary = "Unlock a booker early after seeing an identity document in person (hall admins, operator)",
            description = "Body {phone, documentType, documentNumber, note}. documentType: "
                    + "RESIDENT_ID_CARD, PASSPORT, HK_MACAO_PERMIT, TAIWAN_PERMIT, "
                    + "FOREIGN_PERMANENT_RESIDENT_ID or OTHER; the number is audited masked. 404 NOT_LOCKED "
                    + "when no lock is in force.")
    Mono<LockView> unlock(@AuthenticationPrincipal Staff staff, @RequestBody(required = false) Unlock request) {
        String phone = request == null ? null : request.phone();
        if (!MobilePhoneFormat.isValid(phone)) {
            return Mono.error(CommonProblems.validationFailed("phone", MobilePhoneFormat.MESSAGE));
        }
        if (request == null || request.documentType() == null || !DOCUMENT_TYPES.contains(request.documentType())) {
            return Mono.error(CommonProblems.validationFailed("documentType", "must be one of " + DOCUMENT_TYPES));
        }
        if (request.documentNumber() == null || request.documentNumber().strip().length() < 6) {
            return Mono.error(
                    CommonProblems.validationFailed("documentNumber", "the number of the document seen is required"));
        }
        Instant now = clock.instant();
        return staff.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR)
                .flatMap(allowed -> locks.unlock(phone, staff.username(), now))
                .flatMap(unlocked -> unlocked
                        ? audit.record(
                                staff,
                                "BOOKER_UNLOCKED",
                                staff.hallCode(),
                                null,
                                Map.of(
                                        "phone",
                                        MaskedPhone.of(phone),
                                        "documentType",
                                        request.documentType(),
                                        "documentNumber",
                                        TaxpayerId.masked(
                                                request.documentNumber().strip()),
                                        "note",
                                        request.note() == null ? "" : request.note()))
                        : Mono.error(
                                StaffProblems.notFound("NOT_LOCKED", "Not locked", "No lock in force for this booker")))
                .then(lock(staff, phone));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atZone(ProvinceTime.ZONE).toOffsetDateTime();
    }
}
