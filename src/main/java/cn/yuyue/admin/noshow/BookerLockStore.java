package cn.yuyue.admin.noshow;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import cn.yuyue.booking.application.BookerLocks;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.platform.Timeouts;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Booker no-shows and locks: durable in PostgreSQL ({@code booker_no_shows}, {@code booker_locks}),
 * enforced through booking's {@link BookerLocks} (where a booking's admission finds them).
 * PostgreSQL is written first, so the enforced locks can always be restored from it.
 */
@Component
class BookerLockStore {

    private final DatabaseClient database;
    private final BookerLocks enforced;
    private final Duration timeout;
    private final Duration bulkReadTimeout;

    BookerLockStore(DatabaseClient database, BookerLocks enforced, Timeouts timeouts) {
        this.database = database;
        this.enforced = enforced;
        this.timeout = timeouts.postgres();
        this.bulkReadTimeout = timeouts.postgresBulkRead();
    }

    record Lock(
            String phone, Instant lockedAt, Instant lockedUntil, String reason, Instant unlockedAt, String unlockedBy) {

        boolean activeAt(Instant now) {
            return unlockedAt == null && lockedUntil.isAfter(now);
        }
    }

    /** Records a no-show once; true the first time. */
    Mono<Boolean> recordNoShow(Booking booking, Instant now) {
        return database.sql("INSERT INTO booker_no_shows (booking_id, phone, hall_code, day, recorded_at) "
                        + "VALUES (:id, :phone, :hall, :day, :now) ON CONFLICT (booking_id) DO NOTHING")
                .bind("id", booking.id())
                .bind("phone", booking.phone())
                .bind("hall", booking.hallCode())
                .bind("day", booking.date())
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .map(rows -> rows == 1);
    }

    /** No-shows of the phone since its last lock began (those are paid for) and within {@code since}. */
    Mono<Long> countedNoShows(String phone, Instant since) {
        return database.sql("SELECT count(*) AS n FROM booker_no_shows WHERE phone = :phone AND recorded_at > :since "
                        + "AND recorded_at > COALESCE((SELECT locked_at FROM booker_locks WHERE phone = :phone), "
                        + "'-infinity'::timestamptz)")
                .bind("phone", phone)
                .bind("since", since.atOffset(ZoneOffset.UTC))
                .map(row -> row.get("n", Long.class))
                .one()
                .timeout(timeout);
    }

    Mono<Optional<Lock>> find(String phone) {
        return database.sql("SELECT phone, locked_at, locked_until, reason, unlocked_at, unlocked_by FROM booker_locks "
                        + "WHERE phone = :phone")
                .bind("phone", phone)
                .map(row -> new Lock(
                        row.get("phone", String.class),
                        instant(row.get("locked_at", OffsetDateTime.class)),
                        instant(row.get("locked_until", OffsetDateTime.class)),
                        row.get("reason", String.class),
                        instant(row.get("unlocked_at", OffsetDateTime.class)),
                        row.get("unlocked_by", String.class)))
                .one()
                .timeout(timeout)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    Mono<Void> lock(String phone, Instant now, Instant until, String reason) {
        return database.sql("INSERT INTO booker_locks (phone, locked_at, locked_until, reason) "
                        + "VALUES (:phone, :now, :until, :reason) ON CONFLICT (phone) DO UPDATE SET "
                        + "locked_at = EXCLUDED.locked_at, locked_until = EXCLUDED.locked_until, "
                        + "reason = EXCLUDED.reason, unlocked_at = NULL, unlocked_by = NULL")
                .bind("phone", phone)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("until", until.atOffset(ZoneOffset.UTC))
                .bind("reason", reason)
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .then(enforce(phone, until));
    }

    /** The Redis side of a lock, written after (or restored from) PostgreSQL. */
    Mono<Void> enforce(String phone, Instant until) {
        return enforced.enforce(phone, until);
    }

    Mono<Boolean> unlock(String phone, String by, Instant now) {
        return database.sql("UPDATE booker_locks SET unlocked_at = :now, unlocked_by = :by "
                        + "WHERE phone = :phone AND unlocked_at IS NULL AND locked_until > :now")
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("by", by)
                .bind("phone", phone)
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .flatMap(rows -> enforced.lift(phone).thenReturn(rows == 1));
    }

    /** Locks in force now, for restoring Redis after it lost its memory. */
    Flux<Lock> active(Instant now) {
        return database.sql(
                        "SELECT phone, locked_until FROM booker_locks WHERE unlocked_at IS NULL AND locked_until > :now")
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map(row -> new Lock(
                        row.get("phone", String.class),
                        null,
                        instant(row.get("locked_until", OffsetDateTime.class)),
                        null,
                        null,
                        null))
                .all()
                .timeout(bulkReadTimeout);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
