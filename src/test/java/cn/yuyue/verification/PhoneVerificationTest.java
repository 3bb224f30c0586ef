package cn.yuyue.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import cn.yuyue.platform.web.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.test.StepVerifier;

class PhoneVerificationTest {

    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");

    private final PhoneTokens tokens = new PhoneTokens(
            new Hmac("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)),
            Duration.ofMinutes(30),
            new SecureRandom());
    private final PhoneVerification verification = new PhoneVerification(tokens, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void should_accept_the_bare_token_or_the_header_value() {
        String token = tokens.issue("13800138000", NOW).token();

        assertThat(verification.verify(token)).contains(new VerifiedPhone("13800138000"));
        assertThat(verification.verify("Bearer " + token)).contains(new VerifiedPhone("13800138000"));
        assertThat(verification.verify(null)).isEmpty();
    }

    @Test
    void should_check_expiry_against_the_injected_clock() {
        String token =
                tokens.issue("13800138000", NOW.minus(Duration.ofMinutes(31))).token();

        assertThat(verification.verify(token)).isEmpty();
    }

    @Test
    void should_give_the_phone_of_a_request_with_a_valid_bearer_token() {
        String token = tokens.issue("13800138000", NOW).token();

        StepVerifier.create(verification.require(exchange("Bearer " + token)))
                .expectNext(new VerifiedPhone("13800138000"))
                .verifyComplete();
    }

    @Test
    void should_answer_401_verification_required_without_a_valid_token() {
        for (String header : new String[] {null, "Basic abc", "Bearer ", "Bearer forged.token"}) {
            StepVerifier.create(verification.require(exchange(header)))
                    .expectErrorSatisfies(failure -> assertThat(failure)
                            .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                                assertThat(problem.status().value()).isEqualTo(401);
                                assertThat(problem.code()).isEqualTo("VERIFICATION_REQUIRED");
                            }))
                    .verify();
        }
    }

    private static MockServerWebExchange exchange(String authorization) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/v1/bookings");
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return MockServerWebExchange.from(request);
    }
}
