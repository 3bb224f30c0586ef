package cn.yuyue.admin.report;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffRole;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.CommonProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Daily reports: a hall admin sees their hall; the operator sees every hall, city and the province.
 */
@RestController
@Tag(name = "Admin: reports", description = "Bookings, channels, check-ins, no-shows, cancellations, utilisation")
@SecurityRequirement(name = "staff")
class ReportController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final DailyReports reports;
    private final Clock clock;

    ReportController(DailyReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping("/api/v1/admin/reports/daily")
    @Operation(
            summary = "A day's figures per hall, city or province (JSON)",
            description = "level=HALL (default), CITY or PROVINCE; hallCode narrows HALL to one hall. Hall admins: "
                    + "their own hall only (403 otherwise); city and province roll-ups are the operator's.")
    Mono<List<DailyReports.Row>> daily(
            @AuthenticationPrincipal Staff staff,
            @RequestParam(required = false) String date,
            @RequestParam(required = false) String level,
            @RequestParam(required = false) String hallCode) {
        return rows(staff, date, level, hallCode);
    }

    @GetMapping(value = "/api/v1/admin/reports/daily.csv", produces = "text/csv")
    @Operation(summary = "The same report as CSV (UTF-8, for spreadsheets)")
    Mono<ResponseEntity<String>> dailyCsv(
            @AuthenticationPrincipal Staff staff,
            @RequestParam(required = false) String date,
            @RequestParam(required = false) String level,
            @RequestParam(required = false) String hallCode) {
        return rows(staff, date, level, hallCode)
                .map(rows -> ResponseEntity.ok()
                        .contentType(CSV)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"yuyue-daily.csv\"")
                        .body("\uFEFF" + DailyReports.csv(rows)));
    }

    private Mono<List<DailyReports.Row>> rows(Staff staff, String date, String level, String hallCode) {
        LocalDate day;
        DailyReports.Level scope;
        try {
            day = date == null ? LocalDate.now(clock.withZone(ProvinceTime.ZONE)) : LocalDate.parse(date);
            scope = level == null
                    ? DailyReports.Level.HALL
                    : DailyReports.Level.valueOf(level.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Mono.error(
                    CommonProblems.validationFailed("date", "date like 2026-12-01; level HALL, CITY or PROVINCE"));
        }
        Mono<Staff> allowed = staff.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR);
        if (staff.role() != StaffRole.PROVINCE_OPERATOR) {
            if (scope != DailyReports.Level.HALL) {
                allowed = staff.withRole(StaffRole.PROVINCE_OPERATOR);
            } else {
                String hall = hallCode == null ? staff.hallCode() : hallCode;
                allowed = allowed.flatMap(admin -> admin.forHall(hall));
                hallCode = hall;
            }
        }
        String hall = hallCode;
        return allowed.flatMap(ok -> reports.of(day, scope, hall));
    }
}
