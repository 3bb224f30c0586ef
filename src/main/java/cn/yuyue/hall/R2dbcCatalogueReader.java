package cn.yuyue.hall;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import reactor.core.publisher.Mono;

/** Reads the catalogue tables into one {@link CatalogueSnapshot}. */
@Component
class R2dbcCatalogueReader {

    private final DatabaseClient database;
    private final TransactionalOperator snapshotTransaction;

    R2dbcCatalogueReader(DatabaseClient database, ReactiveTransactionManager transactions) {
        this.database = database;
        // One repeatable-read transaction: all five tables and their version as of the same moment,
        // so a snapshot never pairs a new schedule with an old closure, and its version is exact.
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        definition.setReadOnly(true);
        this.snapshotTransaction = TransactionalOperator.create(transactions, definition);
    }

    /** The tables and their version, as of one moment. */
    Mono<Read> read() {
        Mono<Read> reads = version()
                .flatMap(version -> halls().flatMap(halls -> businessTypes()
                        .flatMap(types -> calendar()
                                .flatMap(calendar -> closures()
                                        .map(closures -> new Read(
                                                version, new CatalogueSnapshot(halls, types, calendar, closures)))))));
        return snapshotTransaction.transactional(reads);
    }

    /** The version PostgreSQL holds now: one row, read often by every instance. */
    Mono<Long> version() {
        return database.sql("SELECT version FROM catalogue_version")
                .map(row -> row.get("version", Long.class))
                .one();
    }

    record Read(long version, CatalogueSnapshot snapshot) {}

    private Mono<List<Hall>> halls() {
        return database.sql("""
                        SELECT h.code, h.name, h.city_code, h.city, h.county, h.address, h.phone,
                               s.morning_start, s.morning_end, s.afternoon_start, s.afternoon_end,
                               s.slot_minutes, s.dedicated_windows, s.places_per_window
                        FROM halls h JOIN hall_schedules s ON s.hall_code = h.code""").map(R2dbcCatalogueReader::hall).all().collectList();
    }

    private static Hall hall(Readable row) {
        Hall.Schedule schedule = new Hall.Schedule(
                row.get("morning_start", LocalTime.class),
                row.get("morning_end", LocalTime.class),
                row.get("afternoon_start", LocalTime.class),
                row.get("afternoon_end", LocalTime.class),
                row.get("slot_minutes", Integer.class),
                row.get("dedicated_windows", Integer.class),
                row.get("places_per_window", Integer.class));
        return new Hall(
                row.get("code", String.class),
                row.get("name", String.class),
                row.get("city_code", String.class),
                row.get("city", String.class),
                row.get("county", String.class),
                row.get("address", String.class),
                row.get("phone", String.class),
                schedule);
    }

    private Mono<List<BusinessType>> businessTypes() {
        return database.sql("SELECT code, name, one_window FROM business_types ORDER BY sort_order, code")
                .map(row -> new BusinessType(
                        row.get("code", String.class),
                        row.get("name", String.class),
                        Boolean.TRUE.equals(row.get("one_window", Boolean.class))))
                .all()
                .collectList();
    }

    private Mono<WorkingDayCalendar> calendar() {
        return database.sql("SELECT day, kind FROM calendar_days")
                .map(row -> Map.entry(
                        row.get("day", LocalDate.class),
                        WorkingDayCalendar.DayKind.valueOf(row.get("kind", String.class))))
                .all()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))
                .map(WorkingDayCalendar::new);
    }

    private Mono<HallClosures> closures() {
        return database.sql("SELECT hall_code, day, slot_start, reason FROM hall_closures")
                .map(row -> new HallClosures.Closure(
                        row.get("hall_code", String.class),
                        row.get("day", LocalDate.class),
                        row.get("slot_start", LocalTime.class),
                        row.get("reason", String.class)))
                .all()
                .collectList()
                .map(HallClosures::new);
    }
}
