package cn.yuyue.queue;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import cn.yuyue.hall.HallCatalogue;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Issues, rotates and revokes the credentials with which a hall's queue system pushes its state.
 *
 * <p>A credential is an Ed25519 key pair. The private key is returned once, to be handed to the
 * hall's queue-system vendor, and is never stored; PostgreSQL keeps only the public key. The province
 * operator calls it through {@link QueueKeyController}; the local run mode's simulator (on the test
 * classpath) calls it directly.
 */
@Service
public class QueueCredentials {

    private final DatabaseClient database;
    private final QueueKeyring keyring;
    private final HallCatalogue catalogue;
    private final Clock clock;
    private final QueueProperties properties;

    QueueCredentials(
            DatabaseClient database,
            QueueKeyring keyring,
            HallCatalogue catalogue,
            Clock clock,
            QueueProperties properties) {
        this.database = database;
        this.keyring = keyring;
        this.catalogue = catalogue;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * A new credential for the hall, beside any it already has: the first one of a hall, or the
     * first step of a rotation the operator paces by hand (issue, wait for the vendor, revoke).
     *
     * @throws cn.yuyue.platform.web.ApiProblem 404 {@code HALL_NOT_FOUND} (as an error signal)
     */
    public Mono<IssuedCredential> issue(String hallCode) {
        return generate(hallCode)
                .flatMap(issued -> database.sql("""
                        INSERT INTO queue_system_keys (key_id, hall_code, public_key, created_at)
                        VALUES (:id, :hall, :key, :now)""")
                        .bind("id", issued.keyId())
                        .bind("hall", hallCode)
                        .bind("key", ByteBuffer.wrap(Base64.getDecoder().decode(issued.publicKeyBase64())))
                        .bind("now", issued.createdAt())
                        .then()
                        .timeout(properties.storeTimeout())
                        .thenReturn(issued));
    }

    /**
     * A new credential for the hall; every older one of the hall is refused once {@code overlap}
     * has passed (zero: at once). Idempotent in effect: rotating again leaves exactly one usable
     * credential after the overlap.
     *
     * @throws cn.yuyue.platform.web.ApiProblem 404 {@code HALL_NOT_FOUND} (as an error signal)
     */
    public Mono<IssuedCredential> rotate(String hallCode, Duration overlap) {
        return generate(hallCode)
                .flatMap(issued -> database.sql("""
                        WITH superseded AS (
                            UPDATE queue_system_keys SET rotated_at = :now, revoked_at = :until
                            WHERE hall_code = :hall AND rotated_at IS NULL
                              AND (revoked_at IS NULL OR revoked_at > :until)
                            RETURNING key_id),
                        issued AS (
                            INSERT INTO queue_system_keys (key_id, hall_code, public_key, created_at)
                            VALUES (:id, :hall, :key, :now))
                        SELECT key_id FROM superseded""")
                        .bind("now", issued.createdAt())
                        .bind("until", issued.createdAt().plus(overlap))
                        .bind("hall", hallCode)
                        .bind("id", issued.keyId())
                        .bind("key", ByteBuffer.wrap(Base64.getDecoder().decode(issued.publicKeyBase64())))
                        .map(row -> row.get("key_id", String.class))
                        .all()
                        .doOnNext(keyring::forget)
                        .then()
                        .timeout(properties.storeTimeout())
                        .thenReturn(issued));
    }

    /** Refuses the credential from now on; unknown ids are ignored. */
    public Mono<Void> revoke(String keyId) {
        return database.sql("""
                        UPDATE queue_system_keys SET revoked_at = :now
                        WHERE key_id = :id AND (revoked_at IS NULL OR revoked_at > :now)""")
                .bind("now", clock.instant())
                .bind("id", keyId)
                .then()
                .timeout(properties.storeTimeout())
                .doOnSuccess(done -> keyring.forget(keyId));
    }

    /**
     * Refuses a key of this hall from now on.
     *
     * @return false when the hall has no key with this id; true also when it was revoked before
     */
    Mono<Boolean> revoke(String hallCode, String keyId) {
        return database.sql("""
                        WITH revoked AS (
                            UPDATE queue_system_keys SET revoked_at = :now
                            WHERE key_id = :id AND hall_code = :hall AND (revoked_at IS NULL OR revoked_at > :now)
                            RETURNING key_id)
                        SELECT count(*) AS keys FROM queue_system_keys WHERE key_id = :id AND hall_code = :hall""")
                .bind("now", clock.instant())
                .bind("id", keyId)
                .bind("hall", hallCode)
                .map(row -> row.get("keys", Long.class))
                .one()
                .timeout(properties.storeTimeout())
                .doOnSuccess(done -> keyring.forget(keyId))
                .map(keys -> keys > 0);
    }

    /** The hall's keys, newest first, without any key material. */
    Flux<KeyState> keys(String hallCode) {
        return database.sql("SELECT key_id, created_at, rotated_at, revoked_at FROM queue_system_keys "
                        + "WHERE hall_code = :hall ORDER BY created_at DESC, key_id")
                .bind("hall", hallCode)
                .map(row -> new KeyState(
                        row.get("key_id", String.class),
                        row.get("created_at", Instant.class),
                        row.get("rotated_at", Instant.class),
                        row.get("revoked_at", Instant.class)))
                .all()
                .timeout(properties.storeTimeout());
    }

    /**
     * A key as the operator sees it.
     *
     * @param rotatedAt when a rotation replaced it, or null
     * @param revokedAt from when it is refused (may lie ahead during a rotation's overlap), or null
     */
    record KeyState(String keyId, Instant createdAt, Instant rotatedAt, Instant revokedAt) {}

    private Mono<IssuedCredential> generate(String hallCode) {
        if (catalogue.hall(hallCode).isEmpty()) {
            // Callers answer an unknown hall themselves (404 at the web edge); reaching here is a bug.
            return Mono.error(new IllegalArgumentException("No hall " + hallCode + " to issue a queue key for"));
        }
        // Key generation draws on the OS entropy source, which may block: not on an event loop.
        return Mono.fromCallable(() -> newCredential(hallCode, clock.instant()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static IssuedCredential newCredential(String hallCode, Instant now) throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator generator = KeyPairGenerator.getInstance(RequestSignature.ALGORITHM);
        generator.initialize(NamedParameterSpec.ED25519, random);
        KeyPair pair = generator.generateKeyPair();
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        String keyId = hallCode + "-" + HexFormat.of().formatHex(suffix);
        Base64.Encoder base64 = Base64.getEncoder();
        return new IssuedCredential(
                hallCode,
                keyId,
                base64.encodeToString(pair.getPrivate().getEncoded()),
                base64.encodeToString(pair.getPublic().getEncoded()),
                now);
    }

    /**
     * A freshly issued credential. The private key exists only in this value: hand it over and drop it.
     *
     * @param keyId                 sent by the queue system in {@code X-Queue-Key-Id}
     * @param privateKeyPkcs8Base64 the Ed25519 private key, PKCS#8 DER in base64 (the body of a PEM
     *                              {@code PRIVATE KEY} block)
     * @param publicKeyBase64       X.509 SubjectPublicKeyInfo DER in base64, as stored
     */
    public record IssuedCredential(
            String hallCode, String keyId, String privateKeyPkcs8Base64, String publicKeyBase64, Instant createdAt) {

        /** Never the private key: a credential must not end up in a log line. */
        @Override
        public String toString() {
            return "IssuedCredential[hallCode=" + hallCode + ", keyId=" + keyId + ", createdAt=" + createdAt + "]";
        }
    }
}
