package cn.yuyue.queue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Decides whether a push comes from the hall's own queue system.
 *
 * <p>Checks, cheapest first: the three headers are present; the timestamp is within
 * {@link QueueProperties#signatureWindow()} of our clock; the key is known and not revoked; the
 * signature matches (401 {@code QUEUE_AUTH_FAILED} for any of these); the key belongs to the hall in
 * the path (403 {@code FORBIDDEN}); and the signature was not used before (401). Replay protection
 * remembers each accepted signature in Redis for twice the window, longer than any timestamp it could
 * carry stays acceptable.
 */
@Component
class QueueSystemAuthentication {

    private final QueueKeyring keyring;
    private final RedisQueueStates states;
    private final Clock clock;
    private final Duration window;

    QueueSystemAuthentication(QueueKeyring keyring, RedisQueueStates states, Clock clock, QueueProperties properties) {
        this.keyring = keyring;
        this.states = states;
        this.clock = clock;
        this.window = properties.signatureWindow();
    }

    /** Completes empty when the push may go on; otherwise errors with the problem to answer. */
    Mono<Void> authenticate(SignedPush push) {
        return Mono.defer(() -> {
            if (push.keyId() == null || push.timestamp() == null || push.signature() == null) {
                return Mono.error(QueueProblems.authFailed(RequestSignature.KEY_ID_HEADER + ", "
                        + RequestSignature.TIMESTAMP_HEADER + " and " + RequestSignature.SIGNATURE_HEADER
                        + " are required"));
            }
            long timestamp;
            try {
                timestamp = Long.parseLong(push.timestamp().trim());
            } catch (NumberFormatException e) {
                return Mono.error(
                        QueueProblems.authFailed(RequestSignature.TIMESTAMP_HEADER + " must be Unix time in seconds"));
            }
            long now = clock.instant().getEpochSecond();
            if (Math.abs(now - timestamp) > window.toSeconds()) {
                return Mono.error(QueueProblems.authFailed(RequestSignature.TIMESTAMP_HEADER + " is more than "
                                + window.toSeconds() + " s from our clock; check the queue system's clock")
                        .with("serverTime", now));
            }
            return keyring.acceptedKey(push.keyId())
                    .switchIfEmpty(Mono.error(() -> QueueProblems.authFailed("The key id is unknown or revoked")))
                    .flatMap(key -> verified(push, key, timestamp));
        });
    }

    private Mono<Void> verified(SignedPush push, QueueKeyring.QueueKey key, long timestamp) {
        if (!RequestSignature.verify(
                key.publicKey(), push.signature(), push.method(), push.path(), timestamp, push.body())) {
            return Mono.error(QueueProblems.authFailed("The signature does not match the request; sign "
                    + "METHOD\\nPATH\\nTIMESTAMP\\nhex(SHA-256(body)) as docs/queue-system-interface.md shows"));
        }
        if (!key.hallCode().equals(push.hallCode())) {
            return Mono.error(QueueProblems.otherHall(key.hallCode(), push.hallCode()));
        }
        String digest = HexFormat.of()
                .formatHex(RequestSignature.sha256(push.signature().getBytes(StandardCharsets.US_ASCII)));
        return states.firstUseOf(digest, window.multipliedBy(2))
                .flatMap(first -> Boolean.TRUE.equals(first)
                        ? Mono.<Void>empty()
                        : Mono.error(
                                QueueProblems.authFailed("This signature was used before; sign every request anew")));
    }
}
