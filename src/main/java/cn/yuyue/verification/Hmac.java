package cn.yuyue.verification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with one key; a fresh {@link Mac} per call because Mac is not thread-safe. */
final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    Hmac(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * A key for one purpose derived from the configured secret, so that one secret serves several
     * uses and a value signed for one use (a code digest) is never valid for another (a token).
     */
    Hmac derive(String purpose) {
        return new Hmac(sign(purpose));
    }

    byte[] sign(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
