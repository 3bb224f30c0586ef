package cn.yuyue.verification;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes 6-digit SMS codes and the digests under which they are stored.
 *
 * <p>Only a keyed digest is stored: whoever reads Redis must not be able to use a live code, and a
 * plain hash of a 6-digit number is reversed by trying all million.
 */
final class OneTimeCodes {

    private static final int BOUND = 1_000_000;

    private final SecureRandom random;
    private final Hmac digester;

    OneTimeCodes(SecureRandom random, Hmac secret) {
        this.random = random;
        this.digester = secret.derive("yuyue/verification-code/v1");
    }

    String newCode() {
        return "%06d".formatted(random.nextInt(BOUND));
    }

    /** Bound to the phone, so a digest copied to another phone's entry matches nothing. */
    String digest(String phone, String code) {
        return Base64.getEncoder().encodeToString(digester.sign(phone + ":" + code));
    }
}
