package cn.yuyue.admin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Staff sign-in, password change and sign-out. A wrong password and an unknown username get the
 * same answer after the same work; repeated failures slow the account down for everyone and lock
 * out the client that made them, never the account (see {@link SignInThrottle}).
 */
@Service
public class SigningIn {

    public static final String SIGN_IN_FAILED = "SIGN_IN_FAILED";
    public static final String ACCOUNT_LOCKED = "ACCOUNT_LOCKED";
    static final int MIN_PASSWORD_LENGTH = 12;

    private static final Logger log = LoggerFactory.getLogger(SigningIn.class);

    private final StaffAccounts accounts;
    private final PasswordHashing hashing;
    private final StaffSessions sessions;
    private final SignInThrottle throttle;
    private final StaffProperties properties;
    private final Clock clock;

    SigningIn(StaffAccounts accounts, PasswordHashing hashing, StaffSessions sessions, SignInThrottle throttle,
              StaffProperties properties, Clock clock) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.sessions = sessions;
        this.throttle = throttle;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new session; {@code mustChangePassword} sessions may only change the password. */
    public record SignedIn(String token, Instant expiresAt, Staff staff, boolean mustChangePassword) {
    }

    /**
     * Signs in {@code username} for {@code client} (the caller's bucket, an IPv4 address or an IPv6
     * /64, see {@link cn.yuyue.platform.web.ClientAddress#bucket}): failures from that client lock only
     * that client out.
     */
    public Mono<SignedIn> signIn(String username, String password, String client) {
        if (username == null || password == null || username.isBlank() || password.isEmpty()) {
            return Mono.error(CommonProblems.validationFailed("username", "username and password are required"));
        }
        if (!hashing.hasRoom()) {
            // Before counting the attempt: a busy service must not cost the owner a try.
            return Mono.error(PasswordHashing.busy());
        }
        String name = username.strip().toLowerCase(java.util.Locale.ROOT);
        return throttle.attempt(name, client).flatMap(decision -> {
            if (decision instanceof SignInThrottle.Decision.Allowed allowed) {
                return Mono.delay(allowed.delay()).then(check(name, password, client, allowed));
            }
            return Mono.error(accountLocked(((SignInThrottle.Decision.Locked) decision).lockedFor()));
        });
    }

    private Mono<SignedIn> check(String username, String password, String client,
                                 SignInThrottle.Decision.Allowed allowed) {
        return accounts.byUsername(username).flatMap(found -> hashing
                .matches(password, found.map(StaffAccount::passwordHash).orElse(null))
                .flatMap(matched -> matched
                        ? open(found.orElseThrow(), client)
                        : failed(username, allowed)));
    }

    private Mono<SignedIn> open(StaffAccount account, String client) {
        return throttle.succeeded(account.username(), client)
                .then(sessions.open(account.staff(), account.mustChangePassword()))
                .map(issued -> new SignedIn(issued.token(), issued.expiresAt(), account.staff(),
                        account.mustChangePassword()));
    }

    private Mono<SignedIn> failed(String username, SignInThrottle.Decision.Allowed allowed) {
        if (allowed.locksPair()) {
            log.warn("Sign-ins to staff account {} from one client locked for {} after repeated failures",
                    LoggedUsername.of(username), properties.lockFor());
            return Mono.error(accountLocked(properties.lockFor()));
        }
        return Mono.error(ApiProblem.of(HttpStatus.UNAUTHORIZED, SIGN_IN_FAILED, "Sign-in failed",
                "Unknown username or wrong password"));
    }

    private ApiProblem accountLocked(Duration lockedFor) {
        return ApiProblem.of(HttpStatus.LOCKED, ACCOUNT_LOCKED, "Account locked",
                        "Too many failed sign-ins from this address; try again later, from another device, "
                                + "or ask for a password reset")
                .with("lockedUntil", clock.instant().plus(lockedFor).atZone(cn.yuyue.platform.ProvinceTime.ZONE)
                        .toOffsetDateTime().toString())
                .retryAfter(lockedFor);
    }

    /**
     * Replaces the password after checking the current one, ends every session of the account and
     * opens a new, fully privileged one. A wrong current password counts as a failed sign-in from
     * {@code client}: a stolen session must not become a way to guess the password.
     */
    public Mono<SignedIn> changePassword(Staff staff, String currentPassword, String newPassword, String client) {
        if (newPassword == null || newPassword.length() < MIN_PASSWORD_LENGTH || newPassword.length() > 128) {
            return Mono.error(CommonProblems.validationFailed("newPassword",
                    "must be " + MIN_PASSWORD_LENGTH + " to 128 characters"));
        }
        if (newPassword.equals(currentPassword)) {
            return Mono.error(CommonProblems.validationFailed("newPassword", "must differ from the current password"));
        }
        if (!hashing.hasRoom()) {
            return Mono.error(PasswordHashing.busy());
        }
        return throttle.attempt(staff.username(), client).flatMap(decision -> {
            if (decision instanceof SignInThrottle.Decision.Allowed allowed) {
                return Mono.delay(allowed.delay())
                        .then(checkCurrent(staff.username(), currentPassword, allowed))
                        .flatMap(account -> throttle.succeeded(account.username(), client)
                                .then(replace(account, newPassword)));
            }
            return Mono.error(accountLocked(((SignInThrottle.Decision.Locked) decision).lockedFor()));
        });
    }

    private Mono<StaffAccount> checkCurrent(String username, String currentPassword,
                                            SignInThrottle.Decision.Allowed allowed) {
        return accounts.byUsername(username)
                .flatMap(found -> hashing.matches(currentPassword == null ? "" : currentPassword,
                                found.map(StaffAccount::passwordHash).orElse(null))
                        .flatMap(matched -> {
                            if (matched) {
                                return Mono.just(found.orElseThrow());
                            }
                            return Mono.error(allowed.locksPair()
                                    ? accountLocked(properties.lockFor())
                                    : ApiProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, "WRONG_PASSWORD",
                                            "Wrong password", "The current password is not correct"));
                        }));
    }

    private Mono<SignedIn> replace(StaffAccount account, String newPassword) {
        return hashing.hash(newPassword)
                .flatMap(hash -> accounts.setPassword(account.username(), hash, false, clock.instant()))
                .then(sessions.closeAll(account.username()))
                .then(sessions.open(account.staff(), false))
                .map(issued -> new SignedIn(issued.token(), issued.expiresAt(), account.staff(), false));
    }

    public Mono<Void> signOut(String token) {
        return sessions.close(token);
    }
}
