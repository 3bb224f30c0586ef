package cn.yuyue.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.admin.security.StaffRole;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallProblems;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.CommonProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The province operator issues, rotates and revokes the halls' queue-system keys. Every change is
 * audited; nobody else may call these, not even the hall's own admin: a key writes the hall's public
 * queue and reads its check-ins.
 *
 * <p>The key pair is generated here and its private key answered once (never stored, never logged,
 * {@code Cache-Control: no-store}): every vendor gets a working PKCS#8 key in the format the signing
 * examples use, whatever its own tooling, and PostgreSQL still holds only public keys.
 */
@RestController
@Tag(
        name = "Admin: queue-system keys",
        description = "Ed25519 keys of the halls' queue-calling systems (province operator)")
@SecurityRequirement(name = "staff")
class QueueKeyController {

    /** Longest overlap of a rotation: a week for the vendor to install the new key. */
    static final Duration MAX_OVERLAP = Duration.ofDays(7);

    private final QueueCredentials credentials;
    private final HallCatalogue catalogue;
    private final AuditLog audit;
    private final Clock clock;

    QueueKeyController(QueueCredentials credentials, HallCatalogue catalogue, AuditLog audit, Clock clock) {
        this.credentials = credentials;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param overlapMinutes how long the replaced keys keep working, 0 to 10080; 0 when left out */
    record Rotation(Integer overlapMinutes) {}

    /**
     * A new key, its private half answered this once.
     *
     * @param privateKey    PKCS#8 DER in base64: the body of a PEM {@code PRIVATE KEY} block
     * @param privateKeyPem the same as a PEM file's text, ready for openssl
     * @param publicKey     X.509 SubjectPublicKeyInfo DER in base64, as stored
     */
    record IssuedKey(
            String hallCode,
            String keyId,
            String privateKey,
            String privateKeyPem,
            String publicKey,
            OffsetDateTime createdAt) {

        static IssuedKey of(QueueCredentials.IssuedCredential issued) {
            return new IssuedKey(
                    issued.hallCode(),
                    issued.keyId(),
                    issued.privateKeyPkcs8Base64(),
                    "-----BEGIN PRIVATE KEY-----\n" + issued.privateKeyPkcs8Base64() + "\n-----END PRIVATE KEY-----\n",
                    issued.publicKeyBase64(),
                    time(issued.createdAt()));
        }

        /** Never the private key: an answer must not end up in a log line. */
        @Override
        public String toString() {
            return "IssuedKey[hallCode=" + hallCode + ", keyId=" + keyId + "]";
        }
    }

    /** @param state ACTIVE, or REVOKED once {@code revokedAt} has passed */
    record KeyView(
            String keyId, String state, OffsetDateTime createdAt, OffsetDateTime rotatedAt, OffsetDateTime revokedAt) {

        static KeyView of(QueueCredentials.KeyState key, Instant now) {
            boolean revoked = key.revokedAt() != null && !key.revokedAt().isAfter(now);
            return new KeyView(
                    key.keyId(),
                    revoked ? "REVOKED" : "ACTIVE",
                    time(key.createdAt()),
                    time(key.rotatedAt()),
                    time(key.revokedAt()));
        }
    }

    @GetMapping("/api/v1/admin/halls/{hallCode}/queue-keys")
    @Operation(summary = "The hall's queue-system keys, newest first, without key material (province operator)")
    Mono<List<KeyView>> keys(@AuthenticationPrincipal Staff staff, @PathVariable String hallCode) {
        Instant now = clock.instant();
        return operator(staff, hallCode)
                .flatMap(allowed -> credentials
                        .keys(hallCode)
                        .map(key -> KeyView.of(key, now))
                        .collectList());
    }

    @PostMapping("/api/v1/admin/halls/{hallCode}/queue-keys")
    @Operation(
            summary = "Issue a key for the hall's queue system, beside its current ones (province operator)",
            description = "201 with keyId and the private key, answered this once and never stored. Audited as "
                    + "QUEUE_KEY_ISSUED. 403 FORBIDDEN for other roles, 404 HALL_NOT_FOUND.")
    Mono<ResponseEntity<IssuedKey>> issue(@AuthenticationPrincipal Staff staff, @PathVariable String hallCode) {
        return operator(staff, hallCode)
                .flatMap(allowed -> credentials.issue(hallCode))
                .flatMap(issued -> audit.record(
                                staff, "QUEUE_KEY_ISSUED", hallCode, null, Map.of("keyId", issued.keyId()))
                        .thenReturn(created(issued)));
    }

    @PostMapping("/api/v1/admin/halls/{hallCode}/queue-keys/rotation")
    @Operation(
            summary = "Rotate: a new key, every older key of the hall refused after the overlap (province operator)",
            description =
                    "Body {overlapMinutes} 0-10080 (0 or left out: at once). 201 with the new key, answered "
                            + "this once. Audited as QUEUE_KEY_ROTATED. 400 VALIDATION_FAILED, 403 FORBIDDEN, 404 HALL_NOT_FOUND.")
    Mono<ResponseEntity<IssuedKey>> rotate(
            @AuthenticationPrincipal Staff staff,
            @PathVariable String hallCode,
            @RequestBody(required = false) Rotation rotation) {
        int minutes = rotation == null || rotation.overlapMinutes() == null ? 0 : rotation.overlapMinutes();
        if (minutes < 0 || minutes > MAX_OVERLAP.toMinutes()) {
            return Mono.error(
                    CommonProblems.validationFailed("overlapMinutes", "must be from 0 to " + MAX_OVERLAP.toMinutes()));
        }
        return operator(staff, hallCode)
                .flatMap(allowed -> credentials.rotate(hallCode, Duration.ofMinutes(minutes)))
                .flatMap(issued -> audit.record(
                                staff,
                                "QUEUE_KEY_ROTATED",
                                hallCode,
                                null,
                                Map.of("keyId", issued.keyId(), "overlapMinutes", minutes))
                        .thenReturn(created(issued)));
    }

    @DeleteMapping("/api/v1/admin/halls/{hallCode}/queue-keys/{keyId}")
    @Operation(
            summary = "Revoke a key of the hall at once (province operator)",
            description = "204, also when it was revoked before; every instance refuses it within the key cache "
                    + "time (yuyue.queue.key-cache-ttl), this one at once. Audited as QUEUE_KEY_REVOKED. "
                    + "404 QUEUE_KEY_NOT_FOUND when the hall has no such key; 403 FORBIDDEN for other roles.")
    Mono<ResponseEntity<Void>> revoke(
            @AuthenticationPrincipal Staff staff, @PathVariable String hallCode, @PathVariable String keyId) {
        return operator(staff, hallCode)
                .flatMap(allowed -> credentials.revoke(hallCode, keyId))
                .flatMap(found -> found
                        ? audit.record(staff, "QUEUE_KEY_REVOKED", hallCode, null, Map.of("keyId", keyId))
                                .thenReturn(ResponseEntity.noContent().<Void>build())
                        : Mono.error(StaffProblems.notFound(
                                QueueProblems.QUEUE_KEY_NOT_FOUND,
                                "Key not found",
                                "Hall " + hallCode + " has no queue-system key " + keyId)));
    }

    private Mono<Staff> operator(Staff staff, String hallCode) {
        return staff.withRole(StaffRole.PROVINCE_OPERATOR)
                .flatMap(allowed -> catalogue.hall(hallCode).isPresent()
                        ? Mono.just(allowed)
                        : Mono.error(HallProblems.hallNotFound(hallCode)));
    }

    private static ResponseEntity<IssuedKey> created(QueueCredentials.IssuedCredential issued) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(IssuedKey.of(issued));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atZone(ProvinceTime.ZONE).toOffsetDateTime();
    }
}
