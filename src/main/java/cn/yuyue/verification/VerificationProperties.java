package cn.yuyue.verification;

import java.time.Duration;
import java.util.Base64;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Limits of the SMS code flow and the verification token.
 *
 * @param codeTtl        how long an SMS code may be used
 * @param resendInterval the least time between two codes for one phone (SMS cost, harassment)
 * @param dailyLimit     codes per phone per day, province time (SMS cost, harassment of a third party)
 * @param maxAttempts    wrong tries per code before it is void; with 6 digits, 5 tries leave a
 *                       guesser a 1 in 200,000 chance per code
 * @param clientCodesPerHour codes one client address may ask for per hour, whatever the phones (one
 *                       client must not make the service text any number of strangers). Generous
 *                       because many agents can share one address (an agency's office, a mobile
 *                       carrier's NAT). 0 is off
 * @param codesPerMinute codes everyone together may ask for per minute, the SMS budget: a bill and
 *                       a gateway quota that a distributed abuse must not spend at a deadline. Set
 *                       above the release peak (a few thousand agents verifying in its first
 *                       minute), so that it only ever refuses abuse. 0 is off
 * @param humanCheckAfter codes one client address may ask for per hour (the window of
 *                       {@code clientCodesPerHour}) before every further code needs a solved human
 *                       check ({@link HumanCheck}); answered {@code 428 HUMAN_CHECK_REQUIRED}. Low,
 *                       because a person rarely needs more than one or two codes and the check costs
 *                       a person only a picture to read. 0 is off
 * @param humanCheckTtl  how long a captcha can be solved: enough to read and type five characters
 * @param humanCheckTries wrong answers to one captcha before it is void; more would let a script
 *                       try its best readings of one image
 * @param humanChecksPerMinute captchas one client address may ask for per minute: drawing one is
 *                       CPU work, and the endpoint is public
 * @param humanCheckProvider which {@link HumanCheck} is used: {@code image}, the built-in captcha; any
 *                       other value turns it off, and the province declares its own bean (a slider
 *                       service's adapter)
 * @param tokenTtl       how long a verification token proves the phone; long enough to choose a slot
 * @param tokenSecret    base64 of at least 32 random bytes (e.g. {@code openssl rand -base64 32}); signs
 *                       the tokens and keys the stored code digests. A secret: pass it by environment
 *                       ({@code YUYUE_VERIFICATION_TOKEN_SECRET}); all instances must share it
 */
@ConfigurationProperties("yuyue.verification")
record VerificationProperties(
        @DefaultValue("5m") Duration codeTtl,
        @DefaultValue("60s") Duration resendInterval,
        @DefaultValue("10") int dailyLimit,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("60") int clientCodesPerHour,
        @DefaultValue("6000") int codesPerMinute,
        @DefaultValue("3") int humanCheckAfter,
        @DefaultValue("2m") Duration humanCheckTtl,
        @DefaultValue("3") int humanCheckTries,
        @DefaultValue("10") int humanChecksPerMinute,
        @DefaultValue("image") String humanCheckProvider,
        @DefaultValue("30m") Duration tokenTtl,
        String tokenSecret) {

    static final int MIN_SECRET_BYTES = 32;

    VerificationProperties {
        if (!StringUtils.hasText(tokenSecret)) {
            throw new IllegalStateException("""
                    yuyue.verification.token-secret is required: base64 of at least 32 random bytes, \
                    e.g. YUYUE_VERIFICATION_TOKEN_SECRET=$(openssl rand -base64 32), the same on every instance. \
                    Without it no phone verification token could be trusted.""");
        }
        if (secretBytes(tokenSecret).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("yuyue.verification.token-secret must be base64 of at least "
                    + MIN_SECRET_BYTES + " bytes (e.g. openssl rand -base64 32)");
        }
        if (clientCodesPerHour < 0 || codesPerMinute < 0) {
            throw new IllegalStateException(
                    "yuyue.verification.client-codes-per-hour and codes-per-minute must not be negative");
        }
        if (humanCheckAfter < 0 || humanChecksPerMinute < 0) {
            throw new IllegalStateException(
                    "yuyue.verification.human-check-after and human-checks-per-minute must not be negative");
        }
        if (humanCheckTries < 1) {
            throw new IllegalStateException("yuyue.verification.human-check-tries must be at least 1");
        }
        if (maxAttempts < 1 || dailyLimit < 1) {
            throw new IllegalStateException("yuyue.verification.max-attempts and daily-limit must be at least 1");
        }
    }

    byte[] tokenSecretBytes() {
        return secretBytes(tokenSecret);
    }

    private static byte[] secretBytes(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("yuyue.verification.token-secret is not valid base64", e);
        }
    }
}
