package cn.yuyue.admin.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import cn.yuyue.admin.security.Staff;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only record of staff actions (who, when, what, which hall and booking). Callers mask
 * personal data before it reaches {@code details}: the log is read by more people than the data.
 * The table refuses UPDATE and DELETE, so an entry once written stays as written.
 */
@Component
public class AuditLog {

    private final DatabaseClient database;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration timeout;

    AuditLog(DatabaseClient database, JsonMapper json, Clock clock, Timeouts timeouts) {
        this.database = database;
        this.json = json;
        this.clock = clock;
        this.timeout = timeouts.postgres();
    }

    /**
     * Writes one entry.
     *
     * @param hallCode  the hall acted on, or null (province-wide actions)
     * @param bookingId the booking acted on, or null
     * @param details   masked facts of the action; null values are left out
     */
    public Mono<Void> record(Staff actor, String action, String hallCode, String bookingId, Map<String, ?> details) {
        Map<String, Object> facts = new LinkedHashMap<>();
        details.forEach((name, value) -> {
            if (value != null) {
                facts.put(name, value);
            }
        });
        DatabaseClient.GenericExecuteSpec spec = database.sql("INSERT INTO audit_log "
                        + "(at, actor, actor_role, action, hall_code, booking_id, details) "
                        + "VALUES (:at, :actor, :role, :action, :hall, :booking, CAST(:details AS jsonb))")
                .bind("at", clock.instant().atOffset(ZoneOffset.UTC))
                .bind("actor", actor.username())
                .bind("role", actor.role().name())
                .bind("action", action)
                .bind("details", json.writeValueAsString(facts));
        spec = hallCode == null ? spec.bindNull("hall", String.class) : spec.bind("hall", hallCode);
        spec = bookingId == null ? spec.bindNull("booking", String.class) : spec.bind("booking", bookingId);
        return spec.fetch().rowsUpdated().timeout(timeout).then();
    }

    /** Newest first, optionally narrowed to a hall, a booking or an actor. */
    Flux<Entry> read(String hallCode, String bookingId, String actor, int limit) {
        return database.sql("SELECT id, at, actor, actor_role, action, hall_code, booking_id, details::text AS details "
                        + "FROM audit_log WHERE (CAST(:hall AS text) IS NULL OR hall_code = :hall) "
                        + "AND (CAST(:booking AS text) IS NULL OR booking_id = :booking) "
                        + "AND (CAST(:actor AS text) IS NULL OR actor = :actor) ORDER BY id DESC LIMIT :limit")
                .bind("hall", Parameter.fromOrEmpty(hallCode, String.class))
                .bind("booking", Parameter.fromOrEmpty(bookingId, String.class))
                .bind("actor", Parameter.fromOrEmpty(actor, String.class))
                .bind("limit", limit)
                .map(row -> new Entry(
                        row.get("id", Long.class),
                        row.get("at", OffsetDateTime.class)
                                .atZoneSameInstant(ProvinceTime.ZONE)
                                .toOffsetDateTime(),
                        row.get("actor", String.class),
                        row.get("actor_role", String.class),
                        row.get("action", String.class),
                        row.get("hall_code", String.class),
                        row.get("booking_id", String.class),
                        json.readValue(row.get("details", String.class), Map.class)))
                .all()
                .timeout(timeout);
    }

    /** One audit entry as the operator reads it. */
    public record Entry(
            long id,
            OffsetDateTime at,
            String actor,
            String actorRole,
            String action,
            String hallCode,
            String bookingId,
            Map<?, ?> details) {}
}
