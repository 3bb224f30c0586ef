package cn.yuyue.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class PhoneTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final PhoneTokens tokens = new PhoneTokens(new Hmac(SECRET), Duration.ofMinutes(30), new SecureRandom());

    @Test
    void should_prove_the_phone_it_was_issued_for_until_it_expires() {
        PhoneTokens.IssuedToken issued = tokens.issue("13800138000", NOW);

        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(tokens.verify(issued.token(), NOW)).contains(new VerifiedPhone("13800138000"));
        assertThat(tokens.verify(issued.token(), NOW.plus(Duration.ofMinutes(29))))
                .isPresent();
    }

    @Test
    void should_reject_an_expired_token() {
        PhoneTokens.IssuedToken issued = tokens.issue("13800138000", NOW);

        assertThat(tokens.verify(issued.token(), issued.expiresAt())).isEmpty();
        assertThat(tokens.verify(issued.token(), NOW.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void should_reject_a_token_whose_phone_was_changed() {
        String token = tokens.issue("13800138000", NOW).token();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String otherPhone = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.replace("13800138000", "13900139000").getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(otherPhone + "." + parts[1], NOW)).isEmpty();
    }

    @Test
    void should_reject_a_tampered_signature_or_garbage() {
        String token = tokens.issue("13800138000", NOW).token();
        // A character in the middle of the signature: the last one of a base64 HMAC carries two
        // padding bits, which a decoder may ignore, so changing it need not change the bytes.
        int at = token.length() - 10;
        char middle = token.charAt(at);
        String tampered = token.substring(0, at) + (middle == 'A' ? 'B' : 'A') + token.substring(at + 1);

        assertThat(tokens.verify(tampered, NOW)).isEmpty();
        assertThat(tokens.verify(token.replace(".", ""), NOW)).isEmpty();
        assertThat(tokens.verify("not.a-token!", NOW)).isEmpty();
        assertThat(tokens.verify("", NOW)).isEmpty();
        assertThat(tokens.verify(null, NOW)).isEmpty();
        assertThat(tokens.verify(token + token, NOW)).isEmpty();
    }

    @Test
    void should_reject_a_token_signed_with_another_secret() {
        PhoneTokens others = new PhoneTokens(
                new Hmac("another-secret-another-secret-32".getBytes(StandardCharsets.US_ASCII)),
                Duration.ofMinutes(30),
                new SecureRandom());

        assertThat(tokens.verify(others.issue("13800138000", NOW).token(), NOW)).isEmpty();
    }

    @Test
    void should_issue_different_tokens_for_the_same_phone_and_time() {
        assertThat(tokens.issue("13800138000", NOW).token())
                .isNotEqualTo(tokens.issue("13800138000", NOW).token());
    }
}
