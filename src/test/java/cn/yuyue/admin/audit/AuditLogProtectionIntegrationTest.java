package cn.yuyue.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffRole;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The application's own database connection cannot undo the audit log: it is not the owner of the
 * table (Flyway, connected as the owner role, created it), so the statements that would turn the
 * append-only trigger off or remove entries are refused by PostgreSQL's privileges, whatever the
 * trigger says. Each attempt runs in a transaction that is rolled back, so that, where the
 * application were the owner, the statement that wrongly succeeded would leave the shared database
 * as it was for the other tests.
 */
class AuditLogProtectionIntegrationTest extends IntegrationTestSupport {

    /** PostgreSQL's insufficient_privilege. */
    private static final String PERMISSION_DENIED = "42501";

    @Autowired
    ConnectionFactory applicationConnections;

    @Autowired
    AuditLog auditLog;

    @Value("${spring.flyway.user}")
    String migratingRole;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DROP TRIGGER audit_log_append_only ON audit_log",
                "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                "UPDATE audit_log SET actor = 'someone else'",
                "DELETE FROM audit_log",
                "TRUNCATE audit_log",
                "DROP TABLE audit_log",
                "DELETE FROM flyway_schema_history"
            })
    void should_refuse_the_application_role_what_would_undo_the_audit_log_or_the_migrations(String statement) {
        StepVerifier.create(inRolledBackTransaction(statement))
                .expectErrorSatisfies(refusal -> assertThat(refusal)
                        .isInstanceOf(R2dbcException.class)
                        .extracting(error -> ((R2dbcException) error).getSqlState())
                        .as("SQLSTATE of %s (%s)", statement, refusal.getMessage())
                        .isEqualTo(PERMISSION_DENIED))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void should_add_and_read_entries_through_the_application() {
        String bookingId = "audit-protection-" + UUID.randomUUID();
        Staff operator = new Staff("province-operator", StaffRole.PROVINCE_OPERATOR, null);

        StepVerifier.create(
                        auditLog.record(operator, "AUDIT_PROTECTION_CHECKED", null, bookingId, Map.of("why", "test"))
                                .thenMany(auditLog.read(null, bookingId, null, 10)))
                .assertNext(entry -> assertThat(entry.action()).isEqualTo("AUDIT_PROTECTION_CHECKED"))
                .verifyComplete();
    }

    @Test
    void should_have_migrated_as_the_owner_role_and_work_as_another() {
        StepVerifier.create(query("SELECT current_user AS name"))
                .assertNext(application -> assertThat(application).isNotEqualTo(migratingRole))
                .verifyComplete();
        StepVerifier.create(query("SELECT tableowner AS name FROM pg_tables "
                        + "WHERE tablename IN ('audit_log', 'flyway_schema_history') GROUP BY tableowner"))
                .assertNext(owner -> assertThat(owner).isEqualTo(migratingRole))
                .verifyComplete();
    }

    private Mono<Long> inRolledBackTransaction(String statement) {
        return Mono.usingWhen(
                applicationConnections.create(),
                connection -> Mono.from(connection.beginTransaction())
                        .then(Flux.from(connection.createStatement(statement).execute())
                                .flatMap(Result::getRowsUpdated)
                                .reduce(0L, Long::sum))
                        .flatMap(updated ->
                                Mono.from(connection.rollbackTransaction()).thenReturn(updated)),
                Connection::close,
                // An error leaves the transaction aborted: end it before the connection goes back.
                (connection, error) ->
                        Mono.from(connection.rollbackTransaction()).then(Mono.from(connection.close())),
                Connection::close);
    }

    private Flux<String> query(String sql) {
        return Flux.usingWhen(
                applicationConnections.create(),
                connection -> Flux.from(connection.createStatement(sql).execute())
                        .flatMap(result -> result.map((row, metadata) -> row.get("name", String.class))),
                Connection::close);
    }
}
