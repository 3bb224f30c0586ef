package cn.yuyue.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RequestSignatureTest {

    private static final String PATH = "/api/v1/queue-systems/halls/34010101/state";
    private static final byte[] BODY = """
            {"sequence":1,"observedAt":"2026-12-01T09:30:00+08:00","groups":[]}""".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_796_000_000L;

    private static KeyPair hall;
    private static KeyPair otherHall;

    @BeforeAll
    static void keys() throws Exception {
        hall = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        otherHall = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Test
    void should_verify_a_valid_signature() {
        String signature = RequestSignature.sign(hall.getPrivate(), "PUT", PATH, NOW, BODY);

        assertThat(RequestSignature.verify(hall.getPublic(), signature, "PUT", PATH, NOW, BODY))
                .isTrue();
    }

    @Test
    void should_reject_another_spelling_of_a_valid_signature() {
        String signature = RequestSignature.sign(hall.getPrivate(), "PUT", PATH, NOW, BODY);
        String unpadded = signature.substring(0, signature.length() - 2);
        char last = unpadded.charAt(unpadded.length() - 1);
        // The last character before "==" carries 4 unused bits; setting one spells the same bytes.
        String strayBits = unpadded.substring(0, unpadded.length() - 1)
                + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                        .charAt("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".indexOf(last) | 1)
                + "==";

        assertThat(RequestSignature.verify(hall.getPublic(), unpadded, "PUT", PATH, NOW, BODY))
                .isFalse();
        if (!strayBits.equals(signature)) {
            assertThat(RequestSignature.verify(hall.getPublic(), strayBits, "PUT", PATH, NOW, BODY))
                    .isFalse();
        }
    }

    @Test
    void should_reject_a_tampered_body() {
        String signature = RequestSignature.sign(hall.getPrivate(), "PUT", PATH, NOW, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8)
                .replace("\"sequence\":1", "\"sequence\":2")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(RequestSignature.verify(hall.getPublic(), signature, "PUT", PATH, NOW, tampered))
                .isFalse();
    }

    @Test
    void should_reject_another_keys_signature() {
        String signature = RequestSignature.sign(otherHall.getPrivate(), "PUT", PATH, NOW, BODY);

        assertThat(RequestSignature.verify(hall.getPublic(), signature, "PUT", PATH, NOW, BODY))
                .isFalse();
    }

    @Test
    void should_reject_a_signature_moved_to_another_path_or_time() {
        String signature = RequestSignature.sign(hall.getPrivate(), "PUT", PATH, NOW, BODY);

        assertThat(RequestSignature.verify(
                        hall.getPublic(), signature, "PUT", "/api/v1/queue-systems/halls/34010102/state", NOW, BODY))
                .isFalse();
        assertThat(RequestSignature.verify(hall.getPublic(), signature, "PUT", PATH, NOW + 1, BODY))
                .isFalse();
    }

    @Test
    void should_reject_garbage_instead_of_failing() {
        assertThat(RequestSignature.verify(hall.getPublic(), "not base64!", "PUT", PATH, NOW, BODY))
                .isFalse();
        assertThat(RequestSignature.verify(hall.getPublic(), "AAAA", "PUT", PATH, NOW, BODY))
                .isFalse();
    }

    @Test
    void should_sign_the_documented_canonical_text() {
        String canonical = new String(
                RequestSignature.canonical("PUT", PATH, NOW, "{}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);

        // sha256("{}") as `printf '%s' '{}' | sha256sum` prints it.
        assertThat(canonical)
                .isEqualTo("PUT\n" + PATH + "\n" + NOW
                        + "\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    @Test
    void should_reject_a_timestamp_outside_the_window_before_looking_up_the_key() {
        var clock = new QueueTestData.MovableClock(Instant.ofEpochSecond(NOW));
        // No keyring and no Redis: the timestamp check must fail before either is needed.
        var authentication = new QueueSystemAuthentication(null, null, clock, QueueTestData.defaults());
        String oldTimestamp = Long.toString(NOW - 301);
        String signature = RequestSignature.sign(hall.getPrivate(), "PUT", PATH, NOW - 301, BODY);

        reactor.test.StepVerifier.create(authentication.authenticate(
                        new SignedPush("PUT", PATH, "34010101", "34010101-abcdef", oldTimestamp, signature, BODY)))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(cn.yuyue.platform.web.ApiProblem.class, problem -> {
                            assertThat(problem.code()).isEqualTo(QueueProblems.QUEUE_AUTH_FAILED);
                            assertThat(problem.status().value()).isEqualTo(401);
                        }))
                .verify();
    }
}
