package cn.yuyue.admin.accounts;

import java.util.List;
import java.util.Map;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.security.ManagingAccounts;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.admin.security.StaffRole;
import cn.yuyue.hall.HallProblems;
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

/**
 * Staff accounts of a hall (its admin manages its guides) and the operator's password resets.
 * New and reset passwords are shown once, here, and must be changed at the next sign-in.
 */
@RestController
@Tag(name = "Admin: accounts")
@SecurityRequirement(name = "staff")
class AccountController {

    private final ManagingAccounts accounts;
    private final AuditLog audit;

    AccountController(ManagingAccounts accounts, AuditLog audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    record NewAccount(String username, StaffRole role) {}

    @GetMapping("/api/v1/admin/halls/{hallCode}/accounts")
    @Operation(summary = "Accounts of a hall (its admin, or the operator)")
    Mono<List<ManagingAccounts.Account>> list(@AuthenticationPrincipal Staff staff, @PathVariable String hallCode) {
        return staff.forHall(hallCode)
                .flatMap(allowed -> allowed.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR))
                .flatMap(allowed -> accounts.ofHall(hallCode));
    }

    @PostMapping("/api/v1/admin/halls/{hallCode}/accounts")
    @Operation(
            summary = "Create a guide or admin account for a hall",
            description = "201 with a one-time initialPassword that must be changed at first sign-in.")
    Mono<ResponseEntity<ManagingAccounts.NewPassword>> create(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @RequestBody(required = false) NewAccount request) {
        if (request == null) {
            return Mono.error(CommonProblems.validationFailed("body", "username and role are required"));
        }
        return staff.forHall(hallCode)
                .flatMap(allowed -> allowed.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR))
                .flatMap(allowed ->
                        accounts.create(new ManagingAccounts.NewAccount(request.username(), request.role(), hallCode)))
                .flatMap(AccountController::created)
                .flatMap(created -> audit.record(
                                staff,
                                "ACCOUNT_CREATED",
                                hallCode,
                                null,
                                Map.of(
                                        "username",
                                        created.username(),
                                        "role",
                                        created.role().name()))
                        .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(created)));
    }

    private static Mono<ManagingAccounts.NewPassword> created(ManagingAccounts.Creation creation) {
        if (creation instanceof ManagingAccounts.Creation.HallNotFound missing) {
            return Mono.error(HallProblems.hallNotFound(missing.hallCode()));
        }
        if (creation instanceof ManagingAccounts.Creation.UsernameTaken taken) {
            return Mono.error(StaffProblems.conflict(
                    "USERNAME_TAKEN", "Username taken", "There is already an account " + taken.username()));
        }
        return Mono.just(((ManagingAccounts.Creation.Created) creation).account());
    }

    private static Mono<ManagingAccounts.NewPassword> newPassword(ManagingAccounts.Reset reset) {
        if (reset instanceof ManagingAccounts.Reset.AccountNotFound missing) {
            return Mono.error(StaffProblems.notFound(
                    "ACCOUNT_NOT_FOUND", "Account not found", "No staff account " + missing.username()));
        }
        return Mono.just(((ManagingAccounts.Reset.Done) reset).password());
    }

    @PostMapping("/api/v1/admin/halls/{hallCode}/accounts/{username}/password-reset")
    @Operation(summary = "Reset the password of a guide of the hall (its admin, or the operator)")
    Mono<ManagingAccounts.NewPassword> resetInHall(
            @AuthenticationPrincipal Staff staff, @PathVariable String hallCode, @PathVariable String username) {
        return staff.forHall(hallCode)
                .flatMap(allowed -> allowed.withRole(StaffRole.HALL_ADMIN, StaffRole.PROVINCE_OPERATOR))
                .flatMap(allowed -> accounts.find(username))
                .flatMap(found -> found.filter(account -> hallCode.equals(account.hallCode()))
                        .filter(account ->
                                staff.role() == StaffRole.PROVINCE_OPERATOR || account.role() == StaffRole.HALL_GUIDE)
                        .map(account -> accounts.resetPassword(username))
                        .orElseGet(() -> Mono.error(
                                StaffProblems.forbidden("Only the guides of hall " + hallCode + " can be reset here"))))
                .flatMap(AccountController::newPassword)
                .flatMap(reset -> audit.record(staff, "PASSWORD_RESET", hallCode, null, Map.of("username", username))
                        .thenReturn(reset));
    }

    @PostMapping("/api/v1/admin/accounts/{username}/password-reset")
    @Operation(
            summary = "Reset any account's password (province operator only)",
            description = "Ends the account's sessions and sign-in lock; the new initialPassword is shown once.")
    Mono<ManagingAccounts.NewPassword> reset(@AuthenticationPrincipal Staff staff, @PathVariable String username) {
        return staff.withRole(StaffRole.PROVINCE_OPERATOR)
                .flatMap(operator -> accounts.resetPassword(username))
                .flatMap(AccountController::newPassword)
                .flatMap(reset -> audit.record(
                                staff, "PASSWORD_RESET", reset.hallCode(), null, Map.of("username", username))
                        .thenReturn(reset));
    }
}
