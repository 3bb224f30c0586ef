package cn.yuyue.admin.security;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.web.FieldErrors;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Creates staff accounts and resets their passwords. Every new or reset password is generated,
 * shown once to whoever asked, and must be replaced at the next sign-in.
 */
@Service
public class ManagingAccounts {

    public static final String USERNAME_PATTERN = "^[a-z0-9][a-z0-9._-]{2,63}$";

    private final StaffAccounts accounts;
    private final PasswordHashing hashing;
    private final StaffSessions sessions;
    private final SignInThrottle throttle;
    private final HallCatalogue catalogue;
    private final Clock clock;

    ManagingAccounts(
            StaffAccounts accounts,
            PasswordHashing hashing,
            StaffSessions sessions,
            SignInThrottle throttle,
            HallCatalogue catalogue,
            Clock clock) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.sessions = sessions;
        this.throttle = throttle;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /** An account with its one-time initial password. */
    public record NewPassword(String username, StaffRole role, String hallCode, String initialPassword) {}

    /** An account as listed to admins (never with its hash). */
    public record Account(String username, StaffRole role, String hallCode, boolean mustChangePassword) {}

    /**
     * An account to create, checked as it is built: a bad username or role is the asker's mistake (a
     * 400 naming the fields), not an answer of this use case.
     */
    public record NewAccount(String username, StaffRole role, String hallCode) {

        public NewAccount {
            FieldErrors errors = new FieldErrors();
            errors.check(
                    username != null && username.matches(USERNAME_PATTERN),
                    "username",
                    "must be 3 to 64 lower-case letters, digits, '.', '_' or '-'");
            errors.check(
                    role != null && role != StaffRole.PROVINCE_OPERATOR, "role", "must be HALL_ADMIN or HALL_GUIDE");
            errors.orThrow();
        }
    }

    /** What became of a {@link NewAccount}. */
    public sealed interface Creation {

        record Created(NewPassword account) implements Creation {}

        /** The catalogue has no hall {@code hallCode}. */
        record HallNotFound(String hallCode) implements Creation {}

        /** An account named {@code username} exists already; nothing changed. */
        record UsernameTaken(String username) implements Creation {}
    }

    /** What became of a password reset. */
    public sealed interface Reset {

        record Done(NewPassword password) implements Reset {}

        /** There is no account {@code username}; nothing changed. */
        record AccountNotFound(String username) implements Reset {}
    }

    public Mono<Creation> create(NewAccount account) {
        if (catalogue.hall(account.hallCode()).isEmpty()) {
            return Mono.just(new Creation.HallNotFound(account.hallCode()));
        }
        String password = hashing.initialPassword();
        return hashing.hash(password)
                .flatMap(hash -> accounts.create(
                        new StaffAccount(account.username(), account.role(), account.hallCode(), hash, true),
                        clock.instant()))
                .map(created -> created
                        ? new Creation.Created(
                                new NewPassword(account.username(), account.role(), account.hallCode(), password))
                        : new Creation.UsernameTaken(account.username()));
    }

    public Mono<Optional<Account>> find(String username) {
        return accounts.byUsername(username).map(found -> found.map(ManagingAccounts::view));
    }

    public Mono<List<Account>> ofHall(String hallCode) {
        return accounts.ofHall(hallCode).map(ManagingAccounts::view).collectList();
    }

    /** A new initial password; the account's sessions and sign-in lock end. */
    public Mono<Reset> resetPassword(String username) {
        return resetPassword(username, hashing.initialPassword());
    }

    /** A reset to a given initial password (the operator's, from a Secret); still to be changed at first sign-in. */
    public Mono<Reset> resetPassword(String username, String password) {
        return accounts.byUsername(username)
                .flatMap(found -> found.isEmpty()
                        ? Mono.just(new Reset.AccountNotFound(username))
                        : replace(username, found.get(), password));
    }

    private Mono<Reset> replace(String username, StaffAccount account, String password) {
        return hashing.hash(password)
                .flatMap(hash -> accounts.setPassword(username, hash, true, clock.instant()))
                .then(sessions.closeAll(username))
                .then(throttle.clear(username))
                .thenReturn(new Reset.Done(new NewPassword(username, account.role(), account.hallCode(), password)));
    }

    private static Account view(StaffAccount account) {
        return new Account(account.username(), account.role(), account.hallCode(), account.mustChangePassword());
    }
}
