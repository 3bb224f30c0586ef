package cn.yuyue.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.platform.ProvinceTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The human check in front of SMS codes, over HTTP against the real Redis. Each test is its own
 * client (X-Forwarded-For, believed from the loopback proxy in the test profile), started a few
 * codes short of the threshold.
 */
class HumanCheckIntegrationTest extends IntegrationTestSupport {

    @Autowired
    ApplicationContext context;

    @Autowired
    RememberedCaptchaTexts captchaTexts;

    @Autowired
    VerificationProperties properties;

    private final String client = "100." + ThreadLocalRandom.current().nextInt(64, 128) + "."
            + ThreadLocalRandom.current().nextInt(256) + "."
            + ThreadLocalRandom.current().nextInt(1, 255);

    @AfterEach
    void forgetTheClient() {
        HumanCheckFixtures.forget(context, client);
        clock.reset();
    }

    @Test
    void should_send_the_first_codes_then_ask_for_a_human_check_and_send_only_with_a_right_unused_answer() {
        HumanCheckFixtures.codesBeforeHumanCheck(context, client, 3);
        for (int i = 0; i < 3; i++) {
            String phone = VerificationIntegrationTest.randomPhone();
            requestCode(phone, null).expectStatus().isAccepted();
            assertThat(sentSms(phone)).hasSize(1);
        }

        String phone = VerificationIntegrationTest.randomPhone();
        requestCode(phone, null)
                .expectStatus()
                .isEqualTo(428)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("HUMAN_CHECK_REQUIRED");
        assertThat(sentSms(phone)).isEmpty();

        Map<String, Object> first = newChallenge();
        String right = captchaTexts.latest();
        requestCode(phone, answer(first, wrong(right)))
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("HUMAN_CHECK_FAILED");
        assertThat(sentSms(phone)).isEmpty();

        Map<String, Object> second = newChallenge();
        String answer = captchaTexts.latest();
        // A person may type the characters in lower case, with a stray space.
        requestCode(phone, answer(second, " " + answer.toLowerCase() + " "))
                .expectStatus()
                .isAccepted();
        assertThat(sentSms(phone)).hasSize(1);

        String another = VerificationIntegrationTest.randomPhone();
        requestCode(another, answer(second, answer))
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("HUMAN_CHECK_FAILED");
        requestCode(another, null).expectStatus().isEqualTo(428);
        assertThat(sentSms(another)).isEmpty();
    }

    @Test
    void should_issue_a_png_that_expires_in_two_minutes_and_refuse_its_answer_after() {
        Map<String, Object> challenge = newChallenge();
        String answer = captchaTexts.latest();

        assertThat((String) challenge.get("id")).matches("[A-Za-z0-9_-]{22}");
        String image = (String) challenge.get("image");
        assertThat(image).startsWith("data:image/png;base64,");
        assertThat(Base64.getDecoder().decode(image.substring(image.indexOf(',') + 1)))
                .startsWith(0x89, 'P', 'N', 'G');
        OffsetDateTime expiresAt = OffsetDateTime.parse((String) challenge.get("expiresAt"));
        assertThat(expiresAt.getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
        assertThat(expiresAt)
                .isBetween(
                        OffsetDateTime.now().plusSeconds(100),
                        OffsetDateTime.now().plusSeconds(130));

        clock.setNow(expiresAt.toInstant().plusSeconds(1).atZone(ProvinceTime.ZONE));
        String phone = VerificationIntegrationTest.randomPhone();
        requestCode(phone, answer(challenge, answer))
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("HUMAN_CHECK_FAILED");
        assertThat(sentSms(phone)).isEmpty();
    }

    @Test
    void should_void_a_challenge_after_three_wrong_answers() {
        Map<String, Object> challenge = newChallenge();
        String right = captchaTexts.latest();
        for (int i = 0; i < properties.humanCheckTries(); i++) {
            requestCode(VerificationIntegrationTest.randomPhone(), answer(challenge, wrong(right)))
                    .expectStatus()
                    .isEqualTo(422);
        }
        requestCode(VerificationIntegrationTest.randomPhone(), answer(challenge, right))
                .expectStatus()
                .isEqualTo(422);
    }

    @Test
    void should_limit_how_many_challenges_one_client_may_ask_for() {
        for (int i = 0; i < properties.humanChecksPerMinute(); i++) {
            web.post()
                    .uri("/api/v1/human-checks")
                    .header("X-Forwarded-For", client)
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
        web.post()
                .uri("/api/v1/human-checks")
                .header("X-Forwarded-For", client)
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists("Retry-After")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("RATE_LIMITED");
    }

    private Map<String, Object> newChallenge() {
        return web.post()
                .uri("/api/v1/human-checks")
                .header("X-Forwarded-For", client)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
    }

    private static Map<String, String> answer(Map<String, Object> challenge, String answer) {
        return Map.of("id", (String) challenge.get("id"), "answer", answer);
    }

    private static String wrong(String right) {
        char first = right.charAt(0);
        return (first == 'A' ? 'C' : 'A') + right.substring(1);
    }

    private WebTestClient.ResponseSpec requestCode(String phone, Map<String, String> humanCheck) {
        Map<String, Object> body = new HashMap<>();
        body.put("phone", phone);
        if (humanCheck != null) {
            body.put("humanCheck", humanCheck);
        }
        return web.post()
                .uri("/api/v1/verification-codes")
                .header("X-Forwarded-For", client)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private List<Map<String, Object>> sentSms(String phone) {
        return web.get()
                .uri("/api/v1/dev/sms?phone={phone}", phone)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
                .returnResult()
                .getResponseBody();
    }
}
