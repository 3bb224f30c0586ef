package cn.yuyue.queue;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.hall.HallCatalogue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/** A client whose queue-system requests keep failing authentication is refused before they are read. */
class FailedSignatureThrottleIntegrationTest extends IntegrationTestSupport {

    @Autowired
    HallCatalogue catalogue;

    @Test
    void should_refuse_a_client_whose_signatures_keep_failing_and_no_one_else() {
        String hall = catalogue.halls(null, null).get(5).code();
        // The tests play the trusted ingress: each prober below is its own client.
        String prober = "203.0.113.21";
        for (int i = 0; i < 20; i++) {
            forged(hall, prober)
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("QUEUE_AUTH_FAILED");
        }
        forged(hall, prober)
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists("Retry-After")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("RATE_LIMITED");
        forged(hall, "203.0.113.22").expectStatus().isUnauthorized();
    }

    private ResponseSpec forged(String hall, String client) {
        return web.put()
                .uri("/api/v1/queue-systems/halls/{hall}/state", hall)
                .header("X-Forwarded-For", client)
                .header(RequestSignature.KEY_ID_HEADER, "no-such-key")
                .header(RequestSignature.TIMESTAMP_HEADER, String.valueOf(System.currentTimeMillis() / 1000))
                .header(RequestSignature.SIGNATURE_HEADER, "AAAA")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"sequence\":1,\"observedAt\":\"2026-12-01T09:00:00+08:00\",\"groups\":[]}")
                .exchange();
    }
}
