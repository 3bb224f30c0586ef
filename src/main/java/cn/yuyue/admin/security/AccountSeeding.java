package cn.yuyue.admin.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.BackgroundFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Makes sure every hall has its admin account ({@code admin-HALLCODE}) and the province has its
 * operator ({@code province-operator}), each with its own generated initial password that must be
 * changed at first sign-in. Never a shared default.
 *
 * <p>The initial passwords go to {@link StaffProperties#credentialsFile()} (owner-only
 * permissions) when one is configured, as the local and test profiles do; production logs only
 * how many accounts were created. The operator's can be given instead
 * ({@link StaffProperties#operatorInitialPassword()}, from a Secret in Kubernetes): with it the
 * operator signs in, chooses a password, and resets the hall admins' through the API. Accounts that exist are left alone, so restarts change nothing.
 * Runs in the background after the catalogue is loaded; hashing runs on its own scheduler.
 */
@Component
public class AccountSeeding extends BackgroundFlow {

    public static final String OPERATOR = "province-operator";
    private static final Logger log = LoggerFactory.getLogger(AccountSeeding.class);

    private final HallCatalogue catalogue;
    private final StaffAccounts accounts;
    private final PasswordHashing hashing;
    private final ManagingAccounts managing;
    private final StaffProperties properties;
    private final Clock clock;
    private final Sinks.Empty<Void> done = Sinks.empty();

    AccountSeeding(
            HallCatalogue catalogue,
            StaffAccounts accounts,
            PasswordHashing hashing,
            ManagingAccounts managing,
            StaffProperties properties,
            Clock clock) {
        this.catalogue = catalogue;
        this.accounts = accounts;
        this.hashing = hashing;
        this.managing = managing;
        this.properties = properties;
        this.clock = clock;
    }

    public static String hallAdmin(String hallCode) {
        return "admin-" + hallCode;
    }

    /** Completes once the seeding finished (tests and the local run wait for it). */
    public Mono<Void> seeded() {
        return done.asMono();
    }

    @Override
    protected Disposable launch() {
        return seed().retryWhen(Retry.backoff(10, Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(retry -> log.warn(
                                "Seeding staff accounts failed, retrying: {}",
                                retry.failure().toString())))
                .subscribe(created -> done.tryEmitEmpty(), failure -> {
                    log.error("Could not seed staff accounts", failure);
                    done.tryEmitError(failure);
                });
    }

    /** Package-visible for the test of the operator's way back in. */
    Mono<Integer> seed() {
        return accounts.usernames().flatMap(existing -> {
            Set<String> present = new HashSet<>(existing);
            List<StaffAccount> missing = new ArrayList<>();
            if (!present.contains(OPERATOR)) {
                missing.add(new StaffAccount(OPERATOR, StaffRole.PROVINCE_OPERATOR, null, null, true));
            }
            for (Hall hall : catalogue.halls(null, null)) {
                if (!present.contains(hallAdmin(hall.code()))) {
                    missing.add(
                            new StaffAccount(hallAdmin(hall.code()), StaffRole.HALL_ADMIN, hall.code(), null, true));
                }
            }
            return Flux.fromIterable(missing)
                    .flatMap(this::create, Math.max(1, Runtime.getRuntime().availableProcessors()))
                    .concatWith(Flux.fromIterable(properties.resetOnStart()).concatMap(this::reset))
                    .collectList()
                    .flatMap(this::report);
        });
    }

    /**
     * The operator's password, reset at start-up, becomes the Secret's when one is configured: in
     * a container without a shell nobody could read a generated one from the credentials file.
     */
    private Mono<ManagingAccounts.NewPassword> reset(String username) {
        return (username.equals(OPERATOR) && properties.operatorInitialPassword() != null
                        ? managing.resetPassword(username, properties.operatorInitialPassword())
                        : managing.resetPassword(username))
                .flatMap(AccountSeeding::issued);
    }

    /** A reset-on-start entry naming no account is a configuration mistake: the seeding fails and says so. */
    private static Mono<ManagingAccounts.NewPassword> issued(ManagingAccounts.Reset reset) {
        if (reset instanceof ManagingAccounts.Reset.AccountNotFound missing) {
            return Mono.error(new IllegalStateException("yuyue.staff.reset-on-start names "
                    + LoggedUsername.of(missing.username()) + ", which is no staff account"));
        }
        return Mono.just(((ManagingAccounts.Reset.Done) reset).password());
    }

    private Mono<ManagingAccounts.NewPassword> create(StaffAccount account) {
        String password = account.username().equals(OPERATOR) && properties.operatorInitialPassword() != null
                ? properties.operatorInitialPassword()
                : hashing.initialPassword();
        return hashing.hash(password)
                .flatMap(hash -> accounts.create(
                        new StaffAccount(account.username(), account.role(), account.hallCode(), hash, true),
                        clock.instant()))
                .filter(created -> created)
                .map(created -> new ManagingAccounts.NewPassword(
                        account.username(), account.role(), account.hallCode(), password));
    }

    private Mono<Integer> report(List<ManagingAccounts.NewPassword> passwords) {
        if (passwords.isEmpty()) {
            return Mono.just(0);
        }
        Path file = properties.credentialsFile();
        if (file == null) {
            log.info(
                    "Created or reset {} staff accounts; their initial passwords were not recorded "
                            + "(set yuyue.staff.credentials-file and list usernames in yuyue.staff.reset-on-start to issue new ones)",
                    passwords.size());
            return Mono.just(passwords.size());
        }
        return Mono.fromCallable(() -> append(file, passwords))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(written -> log.info(
                        "Initial passwords of {} staff accounts written to {}; each must be "
                                + "changed at first sign-in",
                        written,
                        file.toAbsolutePath()));
    }

    /** Blocking file I/O: called on boundedElastic only. */
    private static int append(Path file, List<ManagingAccounts.NewPassword> passwords) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean fresh = !Files.exists(file);
            if (fresh) {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    log.warn("Cannot restrict the permissions of {}: keep it private", file);
                }
            }
            StringBuilder lines = new StringBuilder(fresh ? "username,role,hall_code,initial_password\n" : "");
            for (ManagingAccounts.NewPassword password : passwords) {
                lines.append(password.username())
                        .append(',')
                        .append(password.role())
                        .append(',')
                        .append(password.hallCode() == null ? "" : password.hallCode())
                        .append(',')
                        .append(password.initialPassword())
                        .append('\n');
            }
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return passwords.size();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the initial staff passwords to " + file, e);
        }
    }

    /** After the catalogue is loaded: the halls decide which accounts exist. */
    @Override
    public int getPhase() {
        return HallCatalogue.LOADED_BEFORE_PHASE + 10;
    }
}
