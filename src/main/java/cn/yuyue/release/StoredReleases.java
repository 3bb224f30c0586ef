package cn.yuyue.release;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The releases operators added, in PostgreSQL: they must survive every restart and failover. */
@Component
class StoredReleases {

    private final DatabaseClient database;
    private final ReleaseProperties properties;

    StoredReleases(DatabaseClient database, ReleaseProperties properties) {
        this.database = database;
        this.properties = properties;
    }

    Mono<Void> add(Release release, String addedBy, Instant at) {
        return database.sql("INSERT INTO releases (id, release_date, opens_at, closes_at, reason, added_by, added_at) "
                        + "VALUES (:id, :date, :opens, :closes, :reason, :by, :at)")
                .bind("id", release.id())
                .bind("date", release.date())
                .bind("opens", release.opensAt().atOffset(ZoneOffset.UTC))
                .bind("closes", release.closesAt().atOffset(ZoneOffset.UTC))
                .bind("reason", release.reason())
                .bind("by", addedBy)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .timeout(properties.timeout())
                .then();
    }

    /** Whether a release was withdrawn (false when there was none with that id). */
    Mono<Boolean> withdraw(String id) {
        return database.sql("DELETE FROM releases WHERE id = :id")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .timeout(properties.timeout())
                .map(rows -> rows > 0);
    }

    /** Every added release that closed after {@code since}. */
    Flux<Release> closingAfter(Instant since) {
        return database.sql("SELECT id, release_date, opens_at, closes_at, reason FROM releases "
                        + "WHERE closes_at > :since ORDER BY opens_at")
                .bind("since", since.atOffset(ZoneOffset.UTC))
                .map(row -> new Release(
                        row.get("id", String.class),
                        row.get("release_date", LocalDate.class),
                        row.get("opens_at", OffsetDateTime.class).toInstant(),
                        row.get("closes_at", OffsetDateTime.class).toInstant(),
                        false,
                        row.get("reason", String.class)))
                .all()
                .timeout(properties.timeout());
    }
}
