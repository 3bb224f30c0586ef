package cn.yuyue.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class VerificationPropertiesTest {

    @Test
    void should_refuse_to_start_without_a_token_secret() {
        assertThatIllegalStateException()
                .isThrownBy(() -> properties(null))
                .withMessageContaining("yuyue.verification.token-secret is required");
    }

    @Test
    void should_refuse_a_short_or_malformed_secret() {
        assertThatIllegalStateException()
                .isThrownBy(() -> properties(Base64.getEncoder().encodeToString(new byte[31])))
                .withMessageContaining("at least 32 bytes");
        assertThatIllegalStateException()
                .isThrownBy(() -> properties("not base64 at all!"))
                .withMessageContaining("not valid base64");
    }

    @Test
    void should_accept_32_bytes_of_base64() {
        assertThat(properties(Base64.getEncoder().encodeToString(new byte[32])).tokenSecretBytes())
                .hasSize(32);
    }

    private static VerificationProperties properties(String secret) {
        return new VerificationProperties(
                Duration.ofMinutes(5),
                Duration.ofSeconds(60),
                10,
                5,
                30,
                600,
                3,
                Duration.ofMinutes(2),
                3,
                10,
                "image",
                Duration.ofMinutes(30),
                secret);
    }
}
