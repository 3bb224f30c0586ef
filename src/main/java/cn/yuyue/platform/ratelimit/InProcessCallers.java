package cn.yuyue.platform.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.random.RandomGenerator;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Recognises requests this instance sends to itself over the loopback (the start-up warm-up), by a
 * secret drawn at each start and never written anywhere. They are exempt from the per-client limit:
 * all of them come from one address, and the warm-up sends more in a minute than a client may.
 */
@Component
public class InProcessCallers {

    /** The request header that carries {@link #secret()}. */
    public static final String HEADER = "Yuyue-In-Process";

    private final String secret;

    InProcessCallers(RandomGenerator secureRandom) {
        byte[] bytes = new byte[32];
        secureRandom.nextBytes(bytes);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The value of {@link #HEADER} for this instance's own requests; in-process use only. */
    public String secret() {
        return secret;
    }

    boolean isInProcess(ServerHttpRequest request) {
        String sent = request.getHeaders().getFirst(HEADER);
        // Constant time: an early exit would let a client find the secret by timing.
        return sent != null
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }
}
