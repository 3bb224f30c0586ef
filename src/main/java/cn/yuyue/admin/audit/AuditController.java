package cn.yuyue.admin.audit;

import java.util.List;

import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The province operator reads the audit log. */
@RestController
@Tag(name = "Admin: audit")
@SecurityRequirement(name = "staff")
class AuditController {

    private static final int MOST = 500;

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/api/v1/admin/audit")
    @Operation(
            summary = "Staff actions, newest first (province operator only)",
            description = "Narrow by hallCode, bookingId or actor; at most 500 entries (limit).")
    Mono<List<AuditLog.Entry>> audit(
            @AuthenticationPrincipal Staff staff,
            @RequestParam(required = false) String hallCode,
            @RequestParam(required = false) String bookingId,
            @RequestParam(required = false) String actor,
            @RequestParam(defaultValue = "100") int limit) {
        return staff.withRole(StaffRole.PROVINCE_OPERATOR)
                .flatMap(operator -> log.read(hallCode, bookingId, actor, Math.max(1, Math.min(limit, MOST)))
                        .collectList());
    }
}
