package cn.yuyue.slot.postgres;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import cn.yuyue.slot.ClaimResult;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.InventorySource;
import cn.yuyue.slot.PlaceClaim;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inventory in PostgreSQL alone: a claim is one transaction around a conditional UPDATE of the
 * slot's row ({@code remaining = remaining - 1 WHERE remaining > 0}), with unique indexes standing
 * guard over Idempotency-Keys and one active booking per taxpayer. Correct under contention, but
 * every claim of a hall-day queues on the same rows: this is the baseline the Redis inventory is
 * measured against, and enough for a small deployment.
 */
public class PostgresSlotInventory implements SlotInventory {

    private static final Logger log = LoggerFactory.getLogger(PostgresSlotInventory.class);
    private static final String ACTIVE = "('PENDING', 'BOOKED', 'CHECKED_IN', 'RESCHEDULE_PROPOSED')";

    private final DatabaseClient database;
    private final TransactionalOperator transaction;
    private final InventorySource source;
    private final JsonMapper jsonMapper;
    private final Clock clock;
    private final Duration timeout;

    public PostgresSlotInventory(
            DatabaseClient database,
            TransactionalOperator transaction,
            InventorySource source,
            JsonMapper jsonMapper,
            Clock clock,
            Duration timeout) {
        this.database = database;
        this.transaction = transaction;
        this.source = source;
        this.jsonMapper = jsonMapper;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public Mono<ClaimResult> claim(PlaceClaim claim) {
        return claimWithRetryOnRace(claim)
                .switchIfEmpty(Mono.defer(() -> build(claim.hallDay()).then(claimWithRetryOnRace(claim))))
                .switchIfEmpty(Mono.error(
                        () -> new IllegalStateException("Inventory of " + claim.hallDay() + " is not built")));
    }

    /**
     * A concurrent claim with the same key or taxpayer trips a unique index; the transaction rolls
     * back and one more attempt sees the winner's row and answers replay, reuse or duplicate.
     */
    private Mono<ClaimResult> claimWithRetryOnRace(PlaceClaim claim) {
        return claimOnce(claim).onErrorResume(DataIntegrityViolationException.class, race -> claimOnce(claim));
    }

    /** Empty when the hall-day is not built. */
    private Mono<ClaimResult> claimOnce(PlaceClaim claim) {
        HallDay hallDay = claim.hallDay();
        Mono<ClaimResult> decision = database.sql(
                        "SELECT highest_seq FROM inventory_days WHERE hall_code = $1 AND day = $2")
                .bind(0, hallDay.hallCode())
                .bind(1, hallDay.date())
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(built -> earlierUseOfKey(claim)
                        .switchIfEmpty(Mono.defer(() -> holderOf(claim)))
                        .switchIfEmpty(Mono.defer(() -> takePlace(claim))));
        return decision.as(transaction::transactional).timeout(timeout);
    }

    private Mono<ClaimResult> earlierUseOfKey(PlaceClaim claim) {
        return database.sql("SELECT booking_id, fingerprint FROM inventory_holds "
                        + "WHERE hall_code = $1 AND day = $2 AND idempotency_key = $3")
                .bind(0, claim.hallDay().hallCode())
                .bind(1, claim.hallDay().date())
                .bind(2, claim.idempotencyKey())
                .map(row -> claim.fingerprint().equals(row.get("fingerprint", String.class))
                        ? (ClaimResult) new ClaimResult.Replayed(row.get("booking_id", String.class))
                        : new ClaimResult.KeyReused())
                .one();
    }

    private Mono<ClaimResult> holderOf(PlaceClaim claim) {
        return database.sql("SELECT booking_id FROM inventory_holds WHERE hall_code = $1 AND day = $2 "
                        + "AND taxpayer_id = $3 AND status IN " + ACTIVE)
                .bind(0, claim.hallDay().hallCode())
                .bind(1, claim.hallDay().date())
                .bind(2, claim.taxpayerId())
                .map(row -> (ClaimResult) new ClaimResult.Duplicate(row.get("booking_id", String.class)))
                .one();
    }

    private Mono<ClaimResult> takePlace(PlaceClaim claim) {
        HallDay hallDay = claim.hallDay();
        return database.sql("UPDATE inventory_slots SET remaining = remaining - 1 "
                        + "WHERE hall_code = $1 AND day = $2 AND slot_start = $3 AND remaining > 0")
                .bind(0, hallDay.hallCode())
                .bind(1, hallDay.date())
                .bind(2, claim.start())
                .fetch()
                .rowsUpdated()
                .flatMap(taken -> taken == 1 ? hold(claim) : fullOrMissing(claim));
    }

    private Mono<ClaimResult> fullOrMissing(PlaceClaim claim) {
        return database.sql("SELECT 1 FROM inventory_slots WHERE hall_code = $1 AND day = $2 AND slot_start = $3")
                .bind(0, claim.hallDay().hallCode())
                .bind(1, claim.hallDay().date())
                .bind(2, claim.start())
                .map(row -> (ClaimResult) new ClaimResult.Full())
                .one()
                .defaultIfEmpty(new ClaimResult.NoSuchSlot());
    }

    private Mono<ClaimResult> hold(PlaceClaim claim) {
        HallDay hallDay = claim.hallDay();
        return database.sql("UPDATE inventory_days SET highest_seq = highest_seq + 1 "
                        + "WHERE hall_code = $1 AND day = $2 RETURNING highest_seq")
                .bind(0, hallDay.hallCode())
                .bind(1, hallDay.date())
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(seq -> database.sql("INSERT INTO inventory_holds (booking_id, hall_code, day, slot_start, "
                                + "taxpayer_id, idempotency_key, fingerprint, status, appointment_seq, claimed_at, record) "
                                + "VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9, $10)")
                        .bind(0, claim.bookingId())
                        .bind(1, hallDay.hallCode())
                        .bind(2, hallDay.date())
                        .bind(3, claim.start())
                        .bind(4, claim.taxpayerId())
                        .bind(5, claim.idempotencyKey())
                        .bind(6, claim.fingerprint())
                        .bind(7, seq)
                        .bind(8, claim.now().atOffset(ZoneOffset.UTC))
                        .bind(9, claim.record())
                        .fetch()
                        .rowsUpdated()
                        .thenReturn((ClaimResult) new ClaimResult.Claimed(claim.bookingId(), seq)));
    }

    @Override
    public Mono<Boolean> confirm(HallDay hallDay, String bookingId) {
        return database.sql("UPDATE inventory_holds SET status = 'BOOKED' WHERE booking_id = $1 AND status = 'PENDING'")
                .bind(0, bookingId)
                .fetch()
                .rowsUpdated()
                .timeout(timeout)
                .map(updated -> updated == 1);
    }

    @Override
    public Mono<Boolean> release(HallDay hallDay, String bookingId) {
        return database.sql(
                        "DELETE FROM inventory_holds WHERE booking_id = $1 AND status = 'PENDING' RETURNING slot_start")
                .bind(0, bookingId)
                .map(row -> row.get(0, LocalTime.class))
                .one()
                .flatMap(start -> givePlaceBack(hallDay, start))
                .as(transaction::transactional)
                .timeout(timeout)
                .defaultIfEmpty(false);
    }

    @Override
    public Mono<List<String>> abandonedClaims(HallDay hallDay, Instant claimedBefore, int limit) {
        return database.sql("SELECT booking_id FROM inventory_holds WHERE hall_code = $1 AND day = $2 "
                        + "AND status = 'PENDING' AND claimed_at < $3 ORDER BY claimed_at LIMIT $4")
                .bind(0, hallDay.hallCode())
                .bind(1, hallDay.date())
                .bind(2, claimedBefore.atOffset(java.time.ZoneOffset.UTC))
                .bind(3, limit)
                .map(row -> row.get("booking_id", String.class))
                .all()
                .collectList()
                .timeout(timeout);
    }

    @Override
    public Mono<Boolean> returnPlace(HallDay hallDay, String bookingId, String newStatus, Instant now) {
        return database.sql("UPDATE inventory_holds SET status = $1 WHERE booking_id = $2 "
                        + "AND status IN ('PENDING', 'BOOKED', 'RESCHEDULE_PROPOSED') RETURNING slot_start")
                .bind(0, newStatus)
                .bind(1, bookingId)
                .map(row -> row.get(0, LocalTime.class))
                .one()
                .flatMap(start -> givePlaceBack(hallDay, start))
                .as(transaction::transactional)
                .timeout(timeout)
                .defaultIfEmpty(false);
    }

    private Mono<Boolean> givePlaceBack(HallDay hallDay, LocalTime start) {
        return database.sql("UPDATE inventory_slots SET remaining = remaining + 1 "
                        + "WHERE hall_code = $1 AND day = $2 AND slot_start = $3")
                .bind(0, hallDay.hallCode())
                .bind(1, hallDay.date())
                .bind(2, start)
                .fetch()
                .rowsUpdated()
                .thenReturn(true);
    }

    @Override
    public Mono<Optional<String>> record(HallDay hallDay, String bookingId) {
        return database.sql("SELECT record, status, appointment_seq, claimed_at, idempotency_key, fingerprint "
                        + "FROM inventory_holds WHERE booking_id = $1")
                .bind(0, bookingId)
                .map(row -> {
                    ObjectNode record = (ObjectNode) jsonMapper.readTree(row.get("record", String.class));
                    record.put("status", row.get("status", String.class));
                    record.put("appointmentSeq", row.get("appointment_seq", Long.class));
                    record.put(
                            "claimedAt",
                            row.get("claimed_at", java.time.OffsetDateTime.class)
                                    .toInstant()
                                    .toEpochMilli());
                    record.put("idempotencyKey", row.get("idempotency_key", String.class));
                    record.put("fingerprint", row.get("fingerprint", String.class));
                    return Optional.of(jsonMapper.writeValueAsString(record));
                })
                .one()
                .timeout(timeout)
                .defaultIfEmpty(Optional.empty());
    }

    @Override
    public Mono<Map<LocalTime, Integer>> remaining(HallDay hallDay) {
        return database.sql("SELECT slot_start, remaining FROM inventory_slots WHERE hall_code = $1 AND day = $2")
                .bind(0, hallDay.hallCode())
                .bind(1, hallDay.date())
                .map(row -> Map.entry(row.get("slot_start", LocalTime.class), row.get("remaining", Integer.class)))
                .all()
                .timeout(timeout)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
    }

    @Override
    public Mono<Boolean> isBuilt(HallDay hallDay) {
        return database.sql("SELECT 1 FROM inventory_days WHERE hall_code = $1 AND day = $2")
                .bind(0, hallDay.hallCode())
                .bind(1, hallDay.date())
                .map(row -> true)
                .one()
                .timeout(timeout)
                .defaultIfEmpty(false);
    }

    @Override
    public Mono<Void> discard(HallDay hallDay) {
        Mono<Long> removed = Flux.just("inventory_holds", "inventory_slots", "inventory_days")
                .concatMap(table -> database.sql("DELETE FROM " + table + " WHERE hall_code = $1 AND day = $2")
                        .bind(0, hallDay.hallCode())
                        .bind(1, hallDay.date())
                        .fetch()
                        .rowsUpdated())
                .reduce(0L, Long::sum);
        return transaction.transactional(removed).timeout(timeout).then();
    }

    @Override
    public Mono<Void> build(HallDay hallDay) {
        return isBuilt(hallDay)
                .flatMap(built -> built
                        ? Mono.<Boolean>empty()
                        : source.snapshot(hallDay).flatMap(snapshot -> lay(hallDay, snapshot)))
                .then();
    }

    /** Lays the hall-day down in one transaction; a concurrent builder's row makes this one a no-op. */
    private Mono<Boolean> lay(HallDay hallDay, InventorySource.Snapshot snapshot) {
        Mono<Boolean> laid = database.sql("INSERT INTO inventory_days (hall_code, day, built_at, highest_seq) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .bind(0, hallDay.hallCode())
                .bind(1, hallDay.date())
                .bind(2, clock.instant().atOffset(ZoneOffset.UTC))
                .bind(3, snapshot.highestSeq())
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 0 ? Mono.just(false) : laySlotsAndHolders(hallDay, snapshot));
        return laid.as(transaction::transactional)
                .timeout(timeout.multipliedBy(5))
                .doOnNext(built -> log.debug("Inventory of {}: {}", hallDay, built ? "BUILT" : "PRESENT"));
    }

    private Mono<Boolean> laySlotsAndHolders(HallDay hallDay, InventorySource.Snapshot snapshot) {
        Flux<Long> slots = Flux.fromIterable(snapshot.open() ? snapshot.capacities() : java.util.List.of())
                .concatMap(capacity -> database.sql(
                                "INSERT INTO inventory_slots (hall_code, day, slot_start, capacity, remaining) "
                                        + "VALUES ($1, $2, $3, $4, $4)")
                        .bind(0, hallDay.hallCode())
                        .bind(1, hallDay.date())
                        .bind(2, capacity.start())
                        .bind(3, capacity.places())
                        .fetch()
                        .rowsUpdated());
        Flux<Long> holders = Flux.fromIterable(snapshot.holders())
                .concatMap(json -> layHolder(hallDay, (ObjectNode) jsonMapper.readTree(json)));
        Flux<Long> past = Flux.fromIterable(snapshot.past())
                .concatMap(json -> layRecord(hallDay, (ObjectNode) jsonMapper.readTree(json)));
        return slots.thenMany(holders).thenMany(past).then(Mono.just(true));
    }

    private Mono<Long> layHolder(HallDay hallDay, ObjectNode holder) {
        LocalTime start = LocalTime.parse(holder.get("start").asString());
        return layRecord(hallDay, holder)
                .flatMap(inserted -> database.sql("UPDATE inventory_slots SET remaining = GREATEST(remaining - 1, 0) "
                                + "WHERE hall_code = $1 AND day = $2 AND slot_start = $3")
                        .bind(0, hallDay.hallCode())
                        .bind(1, hallDay.date())
                        .bind(2, start)
                        .fetch()
                        .rowsUpdated());
    }

    /** The booking's row with its status; a past booking's row holds no place but keeps its key. */
    private Mono<Long> layRecord(HallDay hallDay, ObjectNode holder) {
        LocalTime start = LocalTime.parse(holder.get("start").asString());
        DatabaseClient.GenericExecuteSpec insert = database.sql("INSERT INTO inventory_holds (booking_id, hall_code, "
                        + "day, slot_start, taxpayer_id, idempotency_key, fingerprint, status, appointment_seq, claimed_at, "
                        + "record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING")
                .bind(0, holder.get("id").asString())
                .bind(1, hallDay.hallCode())
                .bind(2, hallDay.date())
                .bind(3, start)
                .bind(4, holder.get("taxpayerId").asString());
        insert = bindText(insert, 5, holder, "idempotencyKey");
        insert = bindText(insert, 6, holder, "fingerprint");
        return insert.bind(7, holder.has("status") ? holder.get("status").asString() : "BOOKED")
                .bind(8, holder.get("appointmentSeq").asLong())
                .bind(9, clock.instant().atOffset(ZoneOffset.UTC))
                .bind(10, holder.toString())
                .fetch()
                .rowsUpdated();
    }

    /** Absent stays NULL: unique indexes ignore NULLs, so holders without a key never collide. */
    private static DatabaseClient.GenericExecuteSpec bindText(
            DatabaseClient.GenericExecuteSpec spec, int index, ObjectNode node, String field) {
        return node.hasNonNull(field)
                ? spec.bind(index, node.get(field).asString())
                : spec.bindNull(index, String.class);
    }
}
