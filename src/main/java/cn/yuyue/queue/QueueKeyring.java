package cn.yuyue.queue;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The queue systems' public keys, read from PostgreSQL and kept in memory.
 *
 * <p>Each hall pushes every few seconds; reading its key from PostgreSQL on every push would put
 * the database on the intake's path for no gain. A cached key is trusted for
 * {@link QueueProperties#keyCacheTtl()}, then read again, so a key revoked through another instance
 * stops working at most that late (at once on the instance that revoked it).
 *
 * <p>An unknown key id is remembered as unknown for {@link #UNKNOWN_TTL}, so a caller inventing
 * ids cannot make every request a PostgreSQL query. That memory holds at most
 * {@link #MAX_UNKNOWN} ids and is emptied when full, so inventing ids cannot grow it either. Key
 * ids are random, so no real key is asked for before it is issued.
 */
@Component
class QueueKeyring {

    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    static final Duration UNKNOWN_TTL = Duration.ofSeconds(10);
    static final int MAX_UNKNOWN = 10_000;

    private final DatabaseClient database;
    private final Clock clock;
    private final QueueProperties properties;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Instant> unknown = new ConcurrentHashMap<>();

    QueueKeyring(DatabaseClient database, Clock clock, QueueProperties properties) {
        this.database = database;
        this.clock = clock;
        this.properties = properties;
    }

    /** The key with this id if it is accepted now; empty for unknown, malformed or revoked ids. */
    Mono<QueueKey> acceptedKey(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        Instant unknownSince = unknown.get(keyId);
        if (unknownSince != null && unknownSince.plus(UNKNOWN_TTL).isAfter(now)) {
            return Mono.empty();
        }
        Cached cached = cache.get(keyId);
        Mono<QueueKey> key =
                cached != null && cached.readAt().plus(properties.keyCacheTtl()).isAfter(now)
                        ? Mono.just(cached.key())
                        : read(keyId);
        return key.filter(found -> found.acceptedAt(clock.instant()));
    }

    /** Drops a key from memory so that the next push reads its new state (rotation, revocation). */
    void forget(String keyId) {
        cache.remove(keyId);
        unknown.remove(keyId);
    }

    private Mono<QueueKey> read(String keyId) {
        return database.sql(
                        "SELECT key_id, hall_code, public_key, revoked_at FROM queue_system_keys WHERE key_id = :id")
                .bind("id", keyId)
                .map(QueueKeyring::key)
                .one()
                .timeout(properties.storeTimeout())
                .doOnNext(key -> cache.put(keyId, new Cached(key, clock.instant())))
                .switchIfEmpty(Mono.fromRunnable(() -> {
                    cache.remove(keyId);
                    rememberUnknown(keyId);
                }));
    }

    private void rememberUnknown(String keyId) {
        if (unknown.size() >= MAX_UNKNOWN) {
            unknown.clear();
        }
        unknown.put(keyId, clock.instant());
    }

    private static QueueKey key(Readable row) {
        ByteBuffer buffer = row.get("public_key", ByteBuffer.class);
        byte[] der = new byte[buffer.remaining()];
        buffer.get(der);
        return new QueueKey(
                row.get("key_id", String.class),
                row.get("hall_code", String.class),
                RequestSignature.publicKey(der),
                row.get("revoked_at", Instant.class));
    }

    /**
     * A queue system's public key.
     *
     * @param revokedAt refused from this moment on; null while the key is in use
     */
    record QueueKey(String keyId, String hallCode, PublicKey publicKey, Instant revokedAt) {

        boolean acceptedAt(Instant now) {
            return revokedAt == null || revokedAt.isAfter(now);
        }
    }

    private record Cached(QueueKey key, Instant readAt) {}
}
