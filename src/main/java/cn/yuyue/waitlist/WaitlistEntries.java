package cn.yuyue.waitlist;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import cn.yuyue.slot.HallDay;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable record of waitlist entries in PostgreSQL ({@code waitlist_entries}). State changes
 * are conditional on the state they leave, so of two instances deciding one entry only one
 * changes it, and only that one sends the entry's SMS.
 */
@Component
class WaitlistEntries {

    private static final String COLUMNS = "id, seq, hall_code, day, starts, taxpayer_id, taxpayer_name, phone, "
            + "business_types, channel, idempotency_key, request_fingerprint, state, booking_id, reason, joined_at, updated_at";
    private static final int LISTED = 50;

    private final DatabaseClient database;
    private final TransactionalOperator transaction;
    private final Duration timeout;

    WaitlistEntries(DatabaseClient database, TransactionalOperator transaction, WaitlistProperties properties) {
        this.database = database;
        this.transaction = transaction;
        this.timeout = properties.storeTimeout();
    }

    /** What an insert decided. */
    sealed interface Insert {
        record Inserted(WaitlistEntry entry) implements Insert {}

        /** The phone sent this Idempotency-Key before: that entry. */
        record Existing(WaitlistEntry entry) implements Insert {}

        /** The taxpayer waits at this hall that day already. */
        record AlreadyWaiting() implements Insert {}

        /** The phone has as many WAITING entries as it may. */
        record CapReached(int cap) implements Insert {}
    }

    /**
     * Inserts a WAITING entry unless the phone's key is known, the taxpayer waits at that hall-day
     * already, or the phone is at its cap. The phone's inserts take turns (an advisory lock for the
     * transaction), so two joins at once cannot both pass the cap.
     */
    Mono<Insert> insert(WaitlistEntry entry, int cap) {
        Mono<Insert> decided = database.sql("SELECT pg_advisory_xact_lock(hashtext(:phone))")
                .bind("phone", entry.phone())
                .then()
                .then(byKey(entry.phone(), entry.idempotencyKey()))
                .flatMap(known -> known.isPresent()
                        ? Mono.just((Insert) new Insert.Existing(known.get()))
                        : insertUnderCap(entry, cap));
        return decided.as(transaction::transactional).timeout(timeout);
    }

    private Mono<Insert> insertUnderCap(WaitlistEntry entry, int cap) {
        return database.sql(
                        "INSERT INTO waitlist_entries (id, hall_code, day, starts, taxpayer_id, taxpayer_name, phone, "
                                + "business_types, channel, idempotency_key, request_fingerprint, state, joined_at, updated_at) "
                                + "SELECT :id, :hall, :day, :starts, :taxpayer, :name, :phone, :types, :channel, :key, :fingerprint, "
                                + "'WAITING', :at, :at "
                                + "WHERE (SELECT count(*) FROM waitlist_entries WHERE phone = :phone AND state = 'WAITING') < :cap "
                                + "ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
                .bind("id", entry.id())
                .bind("hall", entry.hallCode())
                .bind("day", entry.date())
                .bind("starts", entry.starts().stream().map(LocalTime::toString).toArray(String[]::new))
                .bind("taxpayer", entry.taxpayerId())
                .bind("name", entry.taxpayerName())
                .bind("phone", entry.phone())
                .bind("types", entry.businessTypes().toArray(String[]::new))
                .bind("channel", entry.channel())
                .bind("key", entry.idempotencyKey())
                .bind("fingerprint", entry.fingerprint())
                .bind("at", entry.joinedAt().atOffset(ZoneOffset.UTC))
                .bind("cap", cap)
                .map(WaitlistEntries::toEntry)
                .one()
                .map(inserted -> (Insert) new Insert.Inserted(inserted))
                .switchIfEmpty(Mono.defer(() -> whyNotInserted(entry, cap)));
    }

    private Mono<Insert> whyNotInserted(WaitlistEntry entry, int cap) {
        return database.sql("SELECT count(*) AS waiting FROM waitlist_entries WHERE hall_code = :hall AND day = :day "
                        + "AND taxpayer_id = :taxpayer AND state = 'WAITING'")
                .bind("hall", entry.hallCode())
                .bind("day", entry.date())
                .bind("taxpayer", entry.taxpayerId())
                .map(row -> row.get("waiting", Long.class))
                .one()
                .map(waiting -> waiting > 0 ? new Insert.AlreadyWaiting() : new Insert.CapReached(cap));
    }

    Mono<Optional<WaitlistEntry>> byKey(String phone, String key) {
        return database.sql(
                        "SELECT " + COLUMNS + " FROM waitlist_entries WHERE phone = :phone AND idempotency_key = :key")
                .bind("phone", phone)
                .bind("key", key)
                .map(WaitlistEntries::toEntry)
                .one()
                .timeout(timeout)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    Mono<Optional<WaitlistEntry>> byId(String id) {
        return database.sql("SELECT " + COLUMNS + " FROM waitlist_entries WHERE id = :id")
                .bind("id", id)
                .map(WaitlistEntries::toEntry)
                .one()
                .timeout(timeout)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    /** The phone's newest entries, newest first. */
    Flux<WaitlistEntry> ofPhone(String phone) {
        return database.sql("SELECT " + COLUMNS + " FROM waitlist_entries WHERE phone = :phone "
                        + "ORDER BY joined_at DESC, seq DESC LIMIT " + LISTED)
                .bind("phone", phone)
                .map(WaitlistEntries::toEntry)
                .all()
                .timeout(timeout);
    }

    /** The WAITING entries of a hall-day in joining order: its line, to rebuild it. */
    Mono<List<WaitlistEntry>> waitingAt(HallDay hallDay) {
        return database.sql("SELECT " + COLUMNS + " FROM waitlist_entries WHERE hall_code = :hall AND day = :day "
                        + "AND state = 'WAITING' ORDER BY seq")
                .bind("hall", hallDay.hallCode())
                .bind("day", hallDay.date())
                .map(WaitlistEntries::toEntry)
                .all()
                .collectList()
                .timeout(timeout);
    }

    /** Every WAITING entry from {@code from} on, oldest first, at most {@code limit}: for the expiry sweep. */
    Mono<List<WaitlistEntry>> waitingFrom(LocalDate from, int limit) {
        return database.sql("SELECT " + COLUMNS + " FROM waitlist_entries WHERE state = 'WAITING' AND day >= :from "
                        + "ORDER BY day, seq LIMIT :limit")
                .bind("from", from)
                .bind("limit", limit)
                .map(WaitlistEntries::toEntry)
                .all()
                .collectList()
                .timeout(timeout);
    }

    /** The hall-days that have WAITING entries today or later: the lines every instance serves. */
    Mono<List<HallDay>> daysWithLines(LocalDate from) {
        return database.sql(
                        "SELECT DISTINCT hall_code, day FROM waitlist_entries WHERE state = 'WAITING' AND day >= :from")
                .bind("from", from)
                .map(row -> new HallDay(row.get("hall_code", String.class), row.get("day", LocalDate.class)))
                .all()
                .collectList()
                .timeout(timeout);
    }

    /** Entries ahead of this one that want one of its slots, plus one: its place in line. */
    Mono<Long> position(WaitlistEntry entry) {
        return database.sql(
                        "SELECT count(*) + 1 AS position FROM waitlist_entries WHERE hall_code = :hall AND day = :day "
                                + "AND state = 'WAITING' AND seq < :seq AND starts && :starts")
                .bind("hall", entry.hallCode())
                .bind("day", entry.date())
                .bind("seq", entry.seq())
                .bind("starts", entry.starts().stream().map(LocalTime::toString).toArray(String[]::new))
                .map(row -> row.get("position", Long.class))
                .one()
                .timeout(timeout);
    }

    /** WAITING becomes {@code state}; answers whether this call changed it. */
    Mono<Boolean> leaveWaiting(String id, WaitlistState state, String bookingId, String reason, Instant at) {
        return database.sql("UPDATE waitlist_entries SET state = :state, booking_id = NULLIF(:booking, ''), "
                        + "reason = NULLIF(:reason, ''), "
                        + "updated_at = :at WHERE id = :id AND state = 'WAITING'")
                .bind("state", state.name())
                .bind("booking", Optional.ofNullable(bookingId).orElse(""))
                .bind("reason", Optional.ofNullable(reason).orElse(""))
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .map(rows -> rows > 0);
    }

    /** Removes an entry the live line refused (nothing was promised to its agent). */
    Mono<Void> forget(String id) {
        return database.sql("DELETE FROM waitlist_entries WHERE id = :id AND state = 'WAITING'")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .then();
    }

    /**
     * WAITING entries whose booking is durable (its booking carries the entry's key) become BOOKED:
     * the instance that booked one may have stopped before it recorded the state.
     */
    Mono<Long> settleBooked(Instant at) {
        return database.sql("UPDATE waitlist_entries w SET state = 'BOOKED', booking_id = b.id, updated_at = :at "
                        + "FROM bookings b WHERE w.state = 'WAITING' AND b.phone = w.phone "
                        + "AND b.idempotency_key LIKE 'wl:' || w.id || ':%'")
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .timeout(timeout);
    }

    private static WaitlistEntry toEntry(Readable row) {
        String bookingId = row.get("booking_id", String.class);
        String reason = row.get("reason", String.class);
        return new WaitlistEntry(
                row.get("id", String.class),
                row.get("seq", Long.class),
                row.get("hall_code", String.class),
                row.get("day", LocalDate.class),
                Arrays.stream(row.get("starts", String[].class))
                        .map(LocalTime::parse)
                        .toList(),
                row.get("taxpayer_id", String.class),
                row.get("taxpayer_name", String.class),
                row.get("phone", String.class),
                Arrays.asList(row.get("business_types", String[].class)),
                row.get("channel", String.class),
                row.get("idempotency_key", String.class),
                row.get("request_fingerprint", String.class),
                WaitlistState.valueOf(row.get("state", String.class)),
                bookingId == null || bookingId.isEmpty() ? null : bookingId,
                reason == null || reason.isEmpty() ? null : reason,
                row.get("joined_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
