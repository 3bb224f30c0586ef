package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cn.yuyue.admin.AdminTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** The province operator issues, rotates and revokes a hall's queue-system keys; all audited. */
class QueueKeyIntegrationTest extends AdminTestSupport {

    private ResponseSpec issue(String token, String hall) {
        return web.post()
                .uri("/api/v1/admin/halls/{hall}/queue-keys", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .exchange();
    }

    private Map<?, ?> issued(ResponseSpec response) {
        return response.expectStatus()
                .isCreated()
                .expectHeader()
                .cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    /** A signed pull of the hall's check-ins with the key: what the key is for. */
    private ResponseSpec use(String hall, Map<?, ?> key) {
        String target = "/api/v1/queue-systems/halls/" + hall + "/check-ins";
        long now = Instant.now().getEpochSecond();
        return web.get()
                .uri(target)
                .header(RequestSignature.KEY_ID_HEADER, String.valueOf(key.get("keyId")))
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(
                        RequestSignature.SIGNATURE_HEADER,
                        RequestSignature.sign(
                                RequestSignature.privateKey(String.valueOf(key.get("privateKey"))),
                                "GET",
                                target,
                                now,
                                new byte[0]))
                .exchange();
    }

    @Test
    void should_let_only_the_operator_issue_rotate_and_revoke_keys_and_refuse_a_key_once_revoked() {
        String hall = hall(230);
        problem(issue(admin(hall), hall), 403, "FORBIDDEN");
        problem(issue(operator(), "99999999"), 404, "HALL_NOT_FOUND");

        String operator = operator();
        long issuing = System.nanoTime();
        Map<?, ?> first = issued(issue(operator, hall));
        System.out.printf("QUEUE KEY issue answered in %d ms%n", (System.nanoTime() - issuing) / 1_000_000);
        assertThat(String.valueOf(first.get("privateKeyPem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        use(hall, first).expectStatus().isOk();

        Map<?, ?> second = issued(web.post()
                .uri("/api/v1/admin/halls/{hall}/queue-keys/rotation", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("overlapMinutes", 0))
                .exchange());
        problem(use(hall, first), 401, QueueProblems.QUEUE_AUTH_FAILED);
        use(hall, second).expectStatus().isOk();
        problem(
                web.post()
                        .uri("/api/v1/admin/halls/{hall}/queue-keys/rotation", hall)
                        .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("overlapMinutes", 20_000))
                        .exchange(),
                400,
                "VALIDATION_FAILED");

        List<?> keys = web.get()
                .uri("/api/v1/admin/halls/{hall}/queue-keys", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(keys)
                .extracting(key -> ((Map<?, ?>) key).get("keyId") + " " + ((Map<?, ?>) key).get("state"))
                .contains(first.get("keyId") + " REVOKED", second.get("keyId") + " ACTIVE");
        assertThat(keys.toString()).doesNotContain(String.valueOf(second.get("privateKey")));

        problem(
                web.delete()
                        .uri("/api/v1/admin/halls/{hall}/queue-keys/{key}", hall, second.get("keyId"))
                        .header(HttpHeaders.AUTHORIZATION, bearer(admin(hall)))
                        .exchange(),
                403,
                "FORBIDDEN");
        web.delete()
                .uri("/api/v1/admin/halls/{hall}/queue-keys/{key}", hall, second.get("keyId"))
                .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                .exchange()
                .expectStatus()
                .isNoContent();
        problem(use(hall, second), 401, QueueProblems.QUEUE_AUTH_FAILED);
        problem(
                web.delete()
                        .uri("/api/v1/admin/halls/{hall}/queue-keys/{key}", hall(231), second.get("keyId"))
                        .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                        .exchange(),
                404,
                QueueProblems.QUEUE_KEY_NOT_FOUND);

        List<?> audit = web.get()
                .uri("/api/v1/admin/audit?hallCode={hall}", hall)
                .header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(audit)
                .extracting(entry -> String.valueOf(((Map<?, ?>) entry).get("action")))
                .contains("QUEUE_KEY_ISSUED", "QUEUE_KEY_ROTATED", "QUEUE_KEY_REVOKED");
        assertThat(audit.toString())
                .contains(String.valueOf(second.get("keyId")))
                .doesNotContain(String.valueOf(first.get("privateKey")), String.valueOf(second.get("privateKey")));
    }
}
