package cn.yuyue.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.yuyue.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class VerificationIntegrationTest extends IntegrationTestSupport {

    private static final Pattern CODE = Pattern.compile("验证码为(\\d{6})");

    @Autowired
    private PhoneVerification phoneVerification;

    @Test
    void should_accept_a_code_request_and_send_the_code_by_sms() {
        String phone = randomPhone();

        requestCode(phone)
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.expiresInSeconds")
                .isEqualTo(300);

        List<Map<String, Object>> sent = sentSms(phone);
        assertThat(sent).singleElement().satisfies(sms -> {
            assertThat(sms.get("phone")).isEqualTo(phone);
            assertThat((String) sms.get("text")).startsWith("【安徽税务】您的预约验证码为").contains("5分钟内有效");
            assertThat(OffsetDateTime.parse((String) sms.get("sentAt"))
                            .getOffset()
                            .getTotalSeconds())
                    .isEqualTo(8 * 3600);
        });
    }

    @Test
    void should_refuse_a_second_code_within_60_seconds() {
        String phone = randomPhone();
        requestCode(phone).expectStatus().isAccepted();

        requestCode(phone)
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(
                        HttpHeaders.RETRY_AFTER,
                        retryAfter -> assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60))
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("RATE_LIMITED");

        assertThat(sentSms(phone)).hasSize(1);
    }

    @Test
    void should_issue_a_token_for_the_right_code_that_phone_verification_accepts() {
        String phone = randomPhone();
        requestCode(phone).expectStatus().isAccepted();

        Map<String, Object> issued = verify(phone, latestCode(phone))
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();

        assertThat(issued).containsKeys("token", "expiresAt");
        assertThat((String) issued.get("expiresAt")).endsWith("+08:00");
        OffsetDateTime expiresAt = OffsetDateTime.parse((String) issued.get("expiresAt"));
        assertThat(expiresAt)
                .isAfter(OffsetDateTime.now().plusMinutes(29))
                .isBefore(OffsetDateTime.now().plusMinutes(31));
        assertThat(phoneVerification.verify((String) issued.get("token"))).contains(new VerifiedPhone(phone));
    }

    @Test
    void should_accept_a_code_only_once() {
        String phone = randomPhone();
        requestCode(phone).expectStatus().isAccepted();
        String code = latestCode(phone);
        verify(phone, code).expectStatus().isOk();

        verify(phone, code)
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VERIFICATION_REQUIRED");
    }

    @Test
    void should_void_the_code_after_five_wrong_attempts() {
        String phone = randomPhone();
        requestCode(phone).expectStatus().isAccepted();
        String code = latestCode(phone);
        String wrong = "%06d".formatted((Integer.parseInt(code) + 1) % 1_000_000);

        for (int left = 4; left >= 0; left--) {
            verify(phone, wrong)
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("VERIFICATION_REQUIRED")
                    .jsonPath("$.attemptsLeft")
                    .isEqualTo(left);
        }

        verify(phone, code)
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VERIFICATION_REQUIRED");
    }

    @Test
    void should_refuse_a_code_for_another_phone() {
        String phone = randomPhone();
        requestCode(phone).expectStatus().isAccepted();

        verify(randomPhone(), latestCode(phone))
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VERIFICATION_REQUIRED");
    }

    @Test
    void should_reject_a_malformed_phone_or_code() {
        web.post()
                .uri("/api/v1/verification-codes")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", "12345"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("phone");

        web.post()
                .uri("/api/v1/verification-codes")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED");

        verify(randomPhone(), "12ab56")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field")
                .isEqualTo("code");
    }

    private WebTestClient.ResponseSpec requestCode(String phone) {
        return web.post()
                .uri("/api/v1/verification-codes")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone))
                .exchange();
    }

    private WebTestClient.ResponseSpec verify(String phone, String code) {
        return web.post()
                .uri("/api/v1/verification-codes/verify")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone, "code", code))
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

    private String latestCode(String phone) {
        Matcher matcher = CODE.matcher((String) sentSms(phone).get(0).get("text"));
        assertThat(matcher.find()).as("the SMS carries a 6-digit code").isTrue();
        return matcher.group(1);
    }

    /** A fresh number per test, so tests share no limits or codes in the shared Redis. */
    static String randomPhone() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "1" + random.nextInt(3, 10) + "%09d".formatted(random.nextInt(1_000_000_000));
    }
}
