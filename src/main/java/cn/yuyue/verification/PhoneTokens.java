package cn.yuyue.verification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs and checks verification tokens: {@code base64url(phone|expiryEpochSeconds|nonce)} + {@code .}
 * + {@code base64url(HMAC-SHA256(payload))}.
 *
 * <p>Stateless on purpose: every booking call checks a token, and checking must cost no I/O on the
 * event loop. The price is that a token cannot be revoked before it expires, hence the short life.
 */
final class PhoneTokens {

    /** Far above any real token (~80 chars): refuse to spend CPU on junk. */
    private static final int MAX_TOKEN_LENGTH = 256;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Hmac signer;
    private final Duration lifetime;
    private final SecureRandom random;

    PhoneTokens(Hmac secret, Duration lifetime, SecureRandom random) {
        this.signer = secret.derive("yuyue/phone-token/v1");
        this.lifetime = lifetime;
        this.random = random;
    }

    IssuedToken issue(String phone, Instant now) {
        Instant expiresAt = now.plus(lifetime);
        byte[] nonce = new byte[9];
        random.nextBytes(nonce);
        String payload =
                ENCODER.encodeToString((phone + "|" + expiresAt.getEpochSecond() + "|" + ENCODER.encodeToString(nonce))
                        .getBytes(StandardCharsets.UTF_8));
        return new IssuedToken(payload + "." + ENCODER.encodeToString(signer.sign(payload)), expiresAt);
    }

    /** The phone the token proves, if the signature is ours and it has not expired at {@code now}. */
    Optional<VerifiedPhone> verify(String token, Instant now) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        try {
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            // Constant time: a byte-by-byte early exit would let an attacker forge a signature by timing.
            if (!MessageDigest.isEqual(signature, signer.sign(payload))) {
                return Optional.empty();
            }
            String[] fields = new String(DECODER.decode(payload), StandardCharsets.UTF_8).split("\\|");
            if (fields.length != 3 || !MobilePhoneFormat.isValid(fields[0])) {
                return Optional.empty();
            }
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(fields[1]));
            return now.isBefore(expiresAt) ? Optional.of(new VerifiedPhone(fields[0])) : Optional.empty();
        } catch (IllegalArgumentException notOurs) {
            // Bad base64 or a bad number (NumberFormatException is one): not a token we issued.
            return Optional.empty();
        }
    }

    record IssuedToken(String token, Instant expiresAt) {}
}
