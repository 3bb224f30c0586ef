package cn.yuyue.admin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import cn.yuyue.platform.web.FieldErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    SigningIn(
            StaffAccounts accounts,
            PasswordHashing hashing,
            StaffSessions sessions,
            SignInThrottle throttle,
            StaffProperties properties,
            Clock clock) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.sessions = sessions;
        this.throttle = throttle;
        this.properties = properties;
        this.clock = clock;
    }

    /** A username and password to sign in with, both present. */
    public record Credentials(String username, String password) {

        public Credentials {
            FieldErrors errors = new FieldErrors();
            errors.check(
                    username != null && password != null && !username.isBlank() && !password.isEmpty(),
                    "username",
                    "username and password are required");
            errors.orThrow();
        }
    }

    /** A new password that meets the rules, with the current one that must be checked before it is set. */
    public record PasswordChange(String currentPassword, String newPassword) {

        public PasswordChange {
            FieldErrors errors = new FieldErrors();
            boolean fits = errors.check(
                    newPassword != null && newPassword.length() >= MIN_PASSWORD_LENGTH && newPassword.length() <= 128,
                    "newPassword",
                    "must be " + MIN_PASSWORD_LENGTH + " to 128 characters");
            if (fits) {
                errors.check(
                        !newPassword.equals(currentPassword), "newPassword", "must differ from the current password");
            }
            errors.orThrow();
        }
    }

    /** What became of a sign-in. */
    public sealed interface SignInOutcome {}

    /** What became of a password change. */
    public sealed interface PasswordChangeOutcome {}

    /** A new session; {@code mustChangePassword} sessions may only change the password. */
    public record SignedIn(String token, Instant expiresAt, Staff staff, boolean mustChangePassword)
            implements SignInOutcome, PasswordChangeOutcome {}

    /** An unknown username or a wrong password: which one is never told. */
    public record SignInFailed() implements SignInOutcome {}

    /** The current password given with a change was wrong; nothing changed. */
    public record WrongPassword() implements PasswordChangeOutcome {}

    /** This client may not try this account again before {@code lockedUntil}, {@code lockedFor} from now. */
    public record Locked(Duration lockedFor, Instant lockedUntil) implements SignInOutcome, PasswordChangeOutcome {}

    /**
     * Signs in the account of {@code credentials} for {@code client} (the caller's bucket, an IPv4
     * address or an IPv6 /64, see {@link cn.yuyue.platform.web.ClientAddress#bucket}): failures from
     * that client lock only that client out. Every attempt is counted before its password is checked.
     */
    public Mono<SignInOutcome> signIn(Credentials credentials, String client) {
        if (!hashing.hasRoom()) {
            // Before counting the attempt: a busy service must not cost the owner a try.
            return Mono.error(PasswordHashing.busy());
        }
        String name = credentials.username().strip().toLowerCase(java.util.Locale.ROOT);
        return throttle.attempt(name, client).flatMap(decision -> {
            if (decision instanceof SignInThrottle.Decision.Allowed allowed) {
                return Mono.delay(allowed.delay()).then(check(name, credentials.password(), client, allowed));
            }
            return Mono.just(locked(((SignInThrottle.Decision.Locked) decision).lockedFor()));
        });
    }

    private Mono<SignInOutcome> check(
            String username, String password, String client, SignInThrottle.Decision.Allowed allowed) {
        return accounts.byUsername(username)
                .flatMap(found -> hashing.matches(
                                password, found.map(StaffAccount::passwordHash).orElse(null))
                        .flatMap(matched -> matched ? open(found.orElseThrow(), client) : failed(username, allowed)));
    }

    private Mono<SignInOutcome> open(StaffAccount account, String client) {
        return throttle.succeeded(account.username(), client)
                .then(sessions.open(account.staff(), account.mustChangePassword()))
                .map(issued -> new SignedIn(
                        issued.token(), issued.expiresAt(), account.staff(), account.mustChangePassword()));
    }

    private Mono<SignInOutcome> failed(String username, SignInThrottle.Decision.Allowed allowed) {
        if (allowed.locksPair()) {
            log.warn(
                    "Sign-ins to staff account {} from one client locked for {} after repeated failures",
                    LoggedUsername.of(username),
                    properties.lockFor());
            return Mono.just(locked(properties.lockFor()));
        }
        return Mono.just(new SignInFailed());
    }

    private Locked locked(Duration lockedFor) {
        return new Locked(lockedFor, clock.instant().plus(lockedFor));
    }

    /**
     * Replaces the password after checking the current one, ends every session of the account and
     * opens a new, fully privileged one. A wrong current password counts as a failed sign-in from
     * {@code client}: a stolen session must not become a way to guess the password.
     */
    public Mono<PasswordChangeOutcome> changePassword(Staff staff, PasswordChange change, String client) {
        if (!hashing.hasRoom()) {
            return Mono.error(PasswordHashing.busy());
        }
        return throttle.attempt(staff.username(), client).flatMap(decision -> {
            if (decision instanceof SignInThrottle.Decision.Allowed allowed) {
                return Mono.delay(allowed.delay()).then(checkCurrent(staff.username(), change, client, allowed));
            }
            return Mono.just(locked(((SignInThrottle.Decision.Locked) decision).lockedFor()));
        });
    }

    private Mono<PasswordChangeOutcome> checkCurrent(
            String username, PasswordChange change, String client, SignInThrottle.Decision.Allowed allowed) {
        String current = change.currentPassword() == null ? "" : change.currentPassword();
        return accounts.byUsername(username)
                .flatMap(found -> hashing.matches(
                                current, found.map(StaffAccount::passwordHash).orElse(null))
                        .flatMap(matched -> {
                            if (matched) {
                                StaffAccount account = found.orElseThrow();
                                return throttle.succeeded(account.username(), client)
                                        .then(replace(account, change.newPassword()));
                            }
                            return Mono.just(allowed.locksPair() ? locked(properties.lockFor()) : new WrongPassword());
                        }));
    }

    private Mono<PasswordChangeOutcome> replace(StaffAccount account, String newPassword) {
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
