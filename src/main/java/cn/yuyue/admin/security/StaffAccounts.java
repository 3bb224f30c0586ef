package cn.yuyue.admin.security;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import cn.yuyue.platform.Timeouts;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Staff accounts in PostgreSQL. */
@Component
class StaffAccounts {

    private static final String COLUMNS = "username, role, hall_code, password_hash, must_change_password";

    private final DatabaseClient database;
    private final Duration timeout;

    StaffAccounts(DatabaseClient database, Timeouts timeouts) {
        this.database = database;
        this.timeout = timeouts.postgres();
    }

    Mono<Optional<StaffAccount>> byUsername(String username) {
        return database.sql("SELECT " + COLUMNS + " FROM staff_accounts WHERE username = :username")
                .bind("username", username)
                .map(StaffAccounts::account)
                .one()
                .timeout(timeout)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    Flux<StaffAccount> ofHall(String hallCode) {
        return database.sql("SELECT " + COLUMNS + " FROM staff_accounts WHERE hall_code = :hall ORDER BY username")
                .bind("hall", hallCode)
                .map(StaffAccounts::account)
                .all()
                .timeout(timeout);
    }

    Mono<List<String>> usernames() {
        return database.sql("SELECT username FROM staff_accounts")
                .map(row -> row.get("username", String.class))
                .all()
                .collectList()
                .timeout(timeout);
    }

    /** Inserts the account unless the username exists; true when inserted. */
    Mono<Boolean> create(StaffAccount account, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = database.sql("INSERT INTO staff_accounts (" + COLUMNS
                        + ", created_at) VALUES (:username, :role, :hall, :hash, :mustChange, :now) "
                        + "ON CONFLICT (username) DO NOTHING")
                .bind("username", account.username())
                .bind("role", account.role().name())
                .bind("hash", account.passwordHash())
                .bind("mustChange", account.mustChangePassword())
                .bind("now", now.atOffset(ZoneOffset.UTC));
        spec = account.hallCode() == null ? spec.bindNull("hall", String.class) : spec.bind("hall", account.hallCode());
        return spec.fetch().rowsUpdated().timeout(timeout).map(rows -> rows == 1);
    }

    Mono<Boolean> setPassword(String username, String hash, boolean mustChange, Instant now) {
        return database.sql("UPDATE staff_accounts SET password_hash = :hash, must_change_password = :mustChange, "
                        + "password_changed_at = :now WHERE username = :username")
                .bind("hash", hash)
                .bind("mustChange", mustChange)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("username", username)
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .map(rows -> rows == 1);
    }

    private static StaffAccount account(Readable row) {
        return new StaffAccount(
                row.get("username", String.class),
                StaffRole.valueOf(row.get("role", String.class)),
                row.get("hall_code", String.class),
                row.get("password_hash", String.class),
                Boolean.TRUE.equals(row.get("must_change_password", Boolean.class)));
    }
}
