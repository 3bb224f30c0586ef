package cn.yuyue.admin.security;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallProblems;
import cn.yuyue.platform.web.CommonProblems;
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

    ManagingAccounts(StaffAccounts accounts, PasswordHashing hashing, StaffSessions sessions, SignInThrottle throttle,
                     HallCatalogue catalogue, Clock clock) {
        this.accounts = accounts;
        this.hashing = hashing;
        this.sessions = sessions;
        this.throttle = throttle;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /** An account with its one-time initial password. */
    public record NewPassword(String username, StaffRole role, String hallCode, String initialPassword) {
    }

    /** An account as listed to admins (never with its hash). */
    public record Account(String username, StaffRole role, String hallCode, boolean mustChangePassword) {
    }

    public Mono<NewPassword> create(String username, StaffRole role, String hallCode) {
        if (username == null || !username.matches(USERNAME_PATTERN)) {
            return Mono.error(CommonProblems.validationFailed("username",
                    "must be 3 to 64 lower-case letters, digits, '.', '_' or '-'"));
        }
        if (role == null || role == StaffRole.PROVINCE_OPERATOR) {
            return Mono.error(CommonProblems.validationFailed("role", "must be HALL_ADMIN or HALL_GUIDE"));
        }
        if (catalogue.hall(hallCode).isEmpty()) {
            return Mono.error(HallProblems.hallNotFound(hallCode));
        }
        String password = hashing.initialPassword();
        return hashing.hash(password)
                .flatMap(hash -> accounts.create(new StaffAccount(username, role, hallCode, hash, true), clock.instant()))
                .flatMap(created -> created
                        ? Mono.just(new NewPassword(username, role, hallCode, password))
                        : Mono.error(StaffProblems.conflict("USERNAME_TAKEN", "Username taken",
                                "There is already an account " + username)));
    }

    public Mono<Optional<Account>> find(String username) {
        return accounts.byUsername(username).map(found -> found.map(ManagingAccounts::view));
    }

    public Mono<List<Account>> ofHall(String hallCode) {
        return accounts.ofHall(hallCode).map(ManagingAccounts::view).collectList();
    }

    /** A new initial password; the account's sessions and sign-in lock end. */
    public Mono<NewPassword> resetPassword(String username) {
        return resetPassword(username, hashing.initialPassword());
    }

    /** A reset to a given initial password (the operator's, from a Secret); still to be changed at first sign-in. */
    public Mono<NewPassword> resetPassword(String username, String password) {
        return accounts.byUsername(username)
                .flatMap(found -> found.isEmpty()
                        ? Mono.error(StaffProblems.notFound("ACCOUNT_NOT_FOUND", "Account not found",
                                "No staff account " + username))
                        : hashing.hash(password)
                                .flatMap(hash -> accounts.setPassword(username, hash, true, clock.instant()))
                                .then(sessions.closeAll(username))
                                .then(throttle.clear(username))
                                .thenReturn(new NewPassword(username, found.get().role(), found.get().hallCode(),
                                        password)));
    }

    private static Account view(StaffAccount account) {
        return new Account(account.username(), account.role(), account.hallCode(), account.mustChangePassword());
    }
}
