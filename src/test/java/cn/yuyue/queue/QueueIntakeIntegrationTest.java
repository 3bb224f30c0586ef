package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ProvinceTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * The queue-system intake against callers who probe it: unknown key ids do not reach PostgreSQL
 * on every request, and a used signature cannot be replayed in another spelling. Uses the last
 * hall of the catalogue, which no other test pushes to.
 */
class QueueIntakeIntegrationTest extends IntegrationTestSupport {

    @Autowired
    QueueKeyring keyring;

    @Autowired
    QueueCredentials credentials;

    @Autowired
    DatabaseClient database;

    @Autowired
    HallCatalogue catalogue;

    private String hall() {
        List<Hall> halls = catalogue.halls(null, null);
        return halls.get(halls.size() - 1).code();
    }

    @Test
    void should_remember_an_unknown_key_id_for_a_short_while() throws Exception {
        String keyId = "probe-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        StepVerifier.create(keyring.acceptedKey(keyId)).verifyComplete();

        byte[] publicKey = KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair()
                .getPublic()
                .getEncoded();
        database.sql("INSERT INTO queue_system_keys (key_id, hall_code, public_key, created_at) "
                        + "VALUES (:id, :hall, :key, :now)")
                .bind("id", keyId)
                .bind("hall", hall())
                .bind("key", ByteBuffer.wrap(publicKey))
                .bind("now", OffsetDateTime.now(ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .block(patience());
        // Still unknown: the answer was remembered, PostgreSQL is not asked again.
        StepVerifier.create(keyring.acceptedKey(keyId)).verifyComplete();

        ZonedDateTime later =
                ZonedDateTime.now(clock).plus(QueueKeyring.UNKNOWN_TTL).plusSeconds(1);
        try {
            clock.setNow(later);
            StepVerifier.create(keyring.acceptedKey(keyId)).expectNextCount(1).verifyComplete();
        } finally {
            clock.reset();
        }
    }

    @Test
    void should_refuse_a_used_signature_spelled_differently() {
        QueueCredentials.IssuedCredential issued = credentials.issue(hall()).block(patience());
        String path = "/api/v1/queue-systems/halls/" + issued.hallCode() + "/state";
        String body = "{\"sequence\":" + System.currentTimeMillis() + ",\"observedAt\":\""
                + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        OffsetDateTime.now(clock.withZone(ProvinceTime.ZONE)).truncatedTo(ChronoUnit.SECONDS))
                + "\",\"groups\":[]}";
        long now = clock.instant().getEpochSecond();
        String signature = RequestSignature.sign(
                RequestSignature.privateKey(issued.privateKeyPkcs8Base64()),
                "PUT",
                path,
                now,
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(signature).endsWith("==");

        push(path, issued.keyId(), now, signature, body).expectStatus().isNoContent();
        push(path, issued.keyId(), now, signature.substring(0, signature.length() - 2), body)
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(QueueProblems.QUEUE_AUTH_FAILED);
    }

    private WebTestClient.ResponseSpec push(String path, String keyId, long timestamp, String signature, String body) {
        return web.put()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .header(RequestSignature.KEY_ID_HEADER, keyId)
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(RequestSignature.SIGNATURE_HEADER, signature)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }
}
