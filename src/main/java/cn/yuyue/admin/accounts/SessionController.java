package cn.yuyue.admin.accounts;

import java.time.OffsetDateTime;
import java.util.Map;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.security.SigningIn;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.ClientAddress;
import cn.yuyue.platform.web.CommonProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Staff sign-in, password change and sign-out. */
@RestController
@Tag(name = "Admin: sessions", description = "Staff sign-in with bearer tokens")
class SessionController {

    private final SigningIn signingIn;
    private final AuditLog audit;

    SessionController(SigningIn signingIn, AuditLog audit) {
        this.signingIn = signingIn;
        this.audit = audit;
    }

    record SignInRequest(String username, String password) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    /** A session: send {@code token} as {@code Authorization: Bearer {token}} on admin calls. */
    record SessionView(
            String token,
            String tokenType,
            OffsetDateTime expiresAt,
            String username,
            String role,
            String hallCode,
            boolean mustChangePassword) {

        static SessionView of(SigningIn.SignedIn signedIn) {
            return new SessionView(
                    signedIn.token(),
                    "Bearer",
                    signedIn.expiresAt().atZone(ProvinceTime.ZONE).toOffsetDateTime(),
                    signedIn.staff().username(),
                    signedIn.staff().role().name(),
                    signedIn.staff().hallCode(),
                    signedIn.mustChangePassword());
        }
    }

    @PostMapping("/api/v1/admin/sessions")
    @Operation(
            summary = "Sign in",
            description = "201 with a bearer token. With mustChangePassword=true the token "
                    + "only allows PUT /api/v1/admin/password. 401 SIGN_IN_FAILED for a wrong username or password. Failures "
                    + "slow every later attempt on the account a little; 5 from one client answer 423 ACCOUNT_LOCKED (with "
                    + "lockedUntil and Retry-After) to that client only. 503 TRY_LATER with Retry-After when too many "
                    + "sign-ins are being checked at once.")
    Mono<ResponseEntity<SessionView>> signIn(
            @RequestBody(required = false) SignInRequest request, ServerHttpRequest http) {
        if (request == null) {
            return Mono.error(CommonProblems.validationFailed("body", "username and password are required"));
        }
        return Mono.fromSupplier(() -> new SigningIn.Credentials(request.username(), request.password()))
                .flatMap(credentials -> signingIn.signIn(credentials, ClientAddress.bucket(http)))
                .flatMap(SessionController::signedIn)
                .flatMap(signedIn -> audit.record(
                                signedIn.staff(), "SIGNED_IN", signedIn.staff().hallCode(), null, Map.of())
                        .thenReturn(ResponseEntity.status(HttpStatus.CREATED).body(SessionView.of(signedIn))));
    }

    @PutMapping("/api/v1/admin/password")
    @SecurityRequirement(name = "staff")
    @Operation(
            summary = "Change the own password",
            description = "At least 12 characters. Ends every session of "
                    + "the account and returns a new, fully privileged token. 422 WRONG_PASSWORD for a wrong current password; "
                    + "such failures count as failed sign-ins from this client (423 ACCOUNT_LOCKED after 5).")
    Mono<SessionView> changePassword(
            @AuthenticationPrincipal Staff staff,
            @RequestBody(required = false) PasswordChange change,
            ServerHttpRequest http) {
        if (change == null) {
            return Mono.error(CommonProblems.validationFailed("body", "currentPassword and newPassword are required"));
        }
        return Mono.fromSupplier(() -> new SigningIn.PasswordChange(change.currentPassword(), change.newPassword()))
                .flatMap(checked -> signingIn.changePassword(staff, checked, ClientAddress.bucket(http)))
                .flatMap(SessionController::changed)
                .flatMap(signedIn -> audit.record(staff, "PASSWORD_CHANGED", staff.hallCode(), null, Map.of())
                        .thenReturn(SessionView.of(signedIn)));
    }

    private static Mono<SigningIn.SignedIn> signedIn(SigningIn.SignInOutcome outcome) {
        if (outcome instanceof SigningIn.SignInFailed) {
            return Mono.error(ApiProblem.of(
                    HttpStatus.UNAUTHORIZED,
                    SigningIn.SIGN_IN_FAILED,
                    "Sign-in failed",
                    "Unknown username or wrong password"));
        }
        if (outcome instanceof SigningIn.Locked locked) {
            return Mono.error(accountLocked(locked));
        }
        return Mono.just((SigningIn.SignedIn) outcome);
    }

    private static Mono<SigningIn.SignedIn> changed(SigningIn.PasswordChangeOutcome outcome) {
        if (outcome instanceof SigningIn.WrongPassword) {
            return Mono.error(ApiProblem.of(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "WRONG_PASSWORD",
                    "Wrong password",
                    "The current password is not correct"));
        }
        if (outcome instanceof SigningIn.Locked locked) {
            return Mono.error(accountLocked(locked));
        }
        return Mono.just((SigningIn.SignedIn) outcome);
    }

    private static ApiProblem accountLocked(SigningIn.Locked locked) {
        return ApiProblem.of(
                        HttpStatus.LOCKED,
                        SigningIn.ACCOUNT_LOCKED,
                        "Account locked",
                        "Too many failed sign-ins from this address; try again later, from another device, "
                                + "or ask for a password reset")
                .with(
                        "lockedUntil",
                        locked.lockedUntil()
                                .atZone(ProvinceTime.ZONE)
                                .toOffsetDateTime()
                                .toString())
                .retryAfter(locked.lockedFor());
    }

    @DeleteMapping("/api/v1/admin/sessions/current")
    @SecurityRequirement(name = "staff")
    @Operation(summary = "Sign out", description = "The token stops working at once.")
    Mono<ResponseEntity<Void>> signOut(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        return signingIn
                .signOut(authorization.substring("Bearer ".length()).trim())
                .thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/api/v1/admin/me")
    @SecurityRequirement(name = "staff")
    @Operation(summary = "The signed-in account")
    Mono<Staff> me(@AuthenticationPrincipal Staff staff) {
        return Mono.just(staff);
    }
}
