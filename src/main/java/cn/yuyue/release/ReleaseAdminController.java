package cn.yuyue.release;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffRole;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The province operator's releases: deadline days whose places open at a set time behind a waiting room. */
@RestController
@Tag(name = "Admin: releases", description = "Releases added for deadline days (province operator only)")
@SecurityRequirement(name = "staff")
class ReleaseAdminController {

    private final AddingRelease adding;
    private final Clock clock;

    ReleaseAdminController(AddingRelease adding, Clock clock) {
        this.adding = adding;
        this.clock = clock;
    }

    /**
     * @param opensAt  an ISO date-time, with an offset or in province time ({@code 2026-12-14T09:00})
     * @param closesAt optional; the configured room life after the opening when absent
     */
    record ReleaseBody(String date, String opensAt, String closesAt, String reason) {}

    @PostMapping("/api/v1/admin/releases")
    @Operation(
            summary = "Add a release (province operator)",
            description = "Body {date, opensAt, closesAt?, reason}; audited. 201 with {id, date, opensAt, closesAt, "
                    + "state}. 400 VALIDATION_FAILED (opensAt must be at least the configured notice ahead, closesAt "
                    + "after opensAt, opensAt not after the day), 403 FORBIDDEN for hall staff, 409 RELEASE_OVERLAPS "
                    + "(releaseId) when its room would overlap another release's on the same day.")
    Mono<ResponseEntity<ReleaseController.ReleaseView>> add(
            @AuthenticationPrincipal Staff staff, @RequestBody(required = false) ReleaseBody body) {
        return staff.withRole(StaffRole.PROVINCE_OPERATOR)
                .flatMap(operator -> {
                    Valid valid = validated(body);
                    return adding.add(operator, valid.date(), valid.opensAt(), valid.closesAt(), valid.reason());
                })
                .map(added -> {
                    if (added instanceof AddingRelease.Added.Overlaps overlaps) {
                        throw ReleaseProblems.overlaps(overlaps.otherId());
                    }
                    Release release = ((AddingRelease.Added.Done) added).release();
                    return ResponseEntity.status(HttpStatus.CREATED)
                            .body(ReleaseController.ReleaseView.of(release, clock.instant()));
                });
    }

    @DeleteMapping("/api/v1/admin/releases/{id}")
    @Operation(
            summary = "Withdraw an added release (province operator)",
            description = "Audited; its room stops guarding the day at once on this instance and within the calendar "
                    + "refresh on the others. 404 RELEASE_NOT_FOUND (the daily releases cannot be withdrawn).")
    Mono<ResponseEntity<Void>> withdraw(@AuthenticationPrincipal Staff staff, @PathVariable String id) {
        return staff.withRole(StaffRole.PROVINCE_OPERATOR)
                .flatMap(operator -> adding.withdraw(operator, id))
                .map(found -> {
                    if (!found) {
                        throw ReleaseProblems.releaseNotFound("No added release " + id);
                    }
                    return ResponseEntity.noContent().<Void>build();
                });
    }

    private record Valid(LocalDate date, Instant opensAt, Instant closesAt, String reason) {}

    private Valid validated(ReleaseBody body) {
        if (body == null) {
            throw CommonProblems.validationFailed("body", "a release is required");
        }
        FieldErrors errors = new FieldErrors();
        LocalDate date = errors.parse("date", body.date(), LocalDate::parse, "must be a date like 2026-12-14");
        Instant opensAt = instant(body.opensAt(), "opensAt", errors);
        Instant closesAt = body.closesAt() == null ? null : instant(body.closesAt(), "closesAt", errors);
        errors.check(
                body.reason() != null
                        && !body.reason().isBlank()
                        && body.reason().length() <= 200,
                "reason",
                "is required, up to 200 characters");
        if (opensAt != null) {
            errors.check(
                    !opensAt.isBefore(adding.earliestOpening()),
                    "opensAt",
                    "must be at least " + adding.earliestOpening() + " (notice for every instance)");
            errors.check(
                    date == null
                            || !LocalDate.ofInstant(opensAt, ProvinceTime.ZONE).isAfter(date),
                    "opensAt",
                    "must not be after the released day");
            errors.check(closesAt == null || closesAt.isAfter(opensAt), "closesAt", "must be after opensAt");
        }
        errors.orThrow();
        return new Valid(date, opensAt, closesAt, body.reason().strip());
    }

    private static Instant instant(String text, String field, FieldErrors errors) {
        if (!errors.check(text != null, field, "is required, e.g. 2026-12-14T09:00:00+08:00")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(ProvinceTime.ZONE).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(field, "must be a date-time like 2026-12-14T09:00:00+08:00");
                return null;
            }
        }
    }
}
