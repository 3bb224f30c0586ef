package cn.yuyue.verification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with one key. {@link Mac} is not thread-safe and costly to look up, and every
 * booking request verifies a token: each thread keeps its own initialised instance.
 */
final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    Hmac(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * A key for one purpose derived from the configured secret, so that one secret serves several
     * uses and a value signed for one use (a code digest) is never valid for another (a token).
     */
    Hmac derive(String purpose) {
        return new Hmac(sign(purpose));
    }

    byte[] sign(String message) {
        // doFinal resets the instance, ready for the next message on this thread.
        return macs.get().doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
