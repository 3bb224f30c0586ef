package cn.yuyue.hall;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Seeds PostgreSQL with the generated roster and the business types.
 *
 * <p>It only ever adds missing rows: after the first start the tables belong to the operator and
 * the hall admins, and a restart must neither undo their edits nor duplicate rows. Calendar
 * samples come with the migration instead, because they are fixed data, not generated.
 */
@Component
class CatalogueLoader {

    private static final Logger log = LoggerFactory.getLogger(CatalogueLoader.class);

    private final DatabaseClient database;
    private final TransactionalOperator transaction;

    CatalogueLoader(DatabaseClient database, TransactionalOperator transaction) {
        this.database = database;
        this.transaction = transaction;
    }

    Mono<Void> load() {
        // Reading classpath files is blocking I/O, kept off whichever thread subscribes.
        return Mono.fromCallable(Seed::read)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(this::insert)
                .then();
    }

    private Mono<Void> insert(Seed seed) {
        // In this order (halls before their schedules' foreign keys), one statement at a time, in
        // one transaction so that no hall is ever left without opening hours.
        Mono<Void> inserts = Flux.concat(
                        businessTypes(seed.businessTypes()).execute(database),
                        halls(seed.roster()).execute(database),
                        schedules(seed.roster()).execute(database))
                .collectList()
                .doOnNext(added -> log.info(
                        "Catalogue seed: added {} of {} business types, {} of {} halls, {} of {} schedules;"
                                + " rows already present were kept",
                        added.get(0),
                        seed.businessTypes().size(),
                        added.get(1),
                        seed.roster().size(),
                        added.get(2),
                        seed.roster().size()))
                .then();
        return transaction.transactional(inserts);
    }

    private static SeedInsert businessTypes(List<CatalogueFiles.BusinessTypeRow> rows) {
        SeedInsert insert = new SeedInsert("business_types", List.of("code", "name", "one_window", "sort_order"));
        rows.forEach(row ->
                insert.row(row.type().code(), row.type().name(), row.type().oneWindow(), row.sortOrder()));
        return insert;
    }

    private static SeedInsert halls(List<HallRoster.Entry> roster) {
        SeedInsert insert = new SeedInsert(
                "halls", List.of("code", "name", "city_code", "city", "county", "county_kind", "address", "phone"));
        roster.forEach(entry -> {
            Hall hall = entry.hall();
            insert.row(
                    hall.code(),
                    hall.name(),
                    hall.cityCode(),
                    hall.city(),
                    hall.county(),
                    entry.division().kind().label(),
                    hall.address(),
                    hall.phone());
        });
        return insert;
    }

    private static SeedInsert schedules(List<HallRoster.Entry> roster) {
        SeedInsert insert = new SeedInsert(
                "hall_schedules",
                List.of(
                        "hall_code",
                        "morning_start",
                        "morning_end",
                        "afternoon_start",
                        "afternoon_end",
                        "slot_minutes",
                        "dedicated_windows",
                        "places_per_window"));
        roster.forEach(entry -> {
            Hall.Schedule schedule = entry.hall().schedule();
            insert.row(
                    entry.hall().code(),
                    schedule.morningStart(),
                    schedule.morningEnd(),
                    schedule.afternoonStart(),
                    schedule.afternoonEnd(),
                    schedule.slotMinutes(),
                    schedule.dedicatedWindows(),
                    schedule.placesPerWindow());
        });
        return insert;
    }

    /** What the seed files say, read once per load. */
    private record Seed(List<CatalogueFiles.BusinessTypeRow> businessTypes, List<HallRoster.Entry> roster) {

        static Seed read() {
            return new Seed(CatalogueFiles.businessTypes(), HallRoster.anhui().generate(CatalogueFiles.divisions()));
        }
    }
}
