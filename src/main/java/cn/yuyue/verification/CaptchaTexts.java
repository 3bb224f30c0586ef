package cn.yuyue.verification;

import java.security.SecureRandom;

/**
 * The characters a captcha asks for. Not a subclassing point for production: integration tests
 * replace it with one that remembers the texts, since the service keeps only their digests.
 */
class CaptchaTexts {

    /**
     * No 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, G: pairs a distorted image makes one read for the other,
     * which would fail honest people rather than scripts.
     */
    static final String ALPHABET = "ACEFHJKMNPRTUVWXY34679";

    static final int LENGTH = 5;

    private final SecureRandom random;

    CaptchaTexts(SecureRandom random) {
        this.random = random;
    }

    /** A new text; from a SecureRandom, since guessing it is what the captcha must prevent. */
    String next() {
        StringBuilder text = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
