package cn.yuyue.verification;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Captcha texts that the tests can read: the service keeps only a keyed digest of each answer, so a
 * test that must solve a captcha (as a person reading the image would) asks this bean for the text
 * of the latest one. Test-only; production has no way to read an answer.
 */
public final class RememberedCaptchaTexts extends CaptchaTexts {

    private final AtomicReference<String> latest = new AtomicReference<>();

    public RememberedCaptchaTexts() {
        super(VerificationConfiguration.seededRandom());
    }

    @Override
    String next() {
        String text = super.next();
        latest.set(text);
        return text;
    }

    /** The text of the captcha drawn last, in this JVM. */
    public String latest() {
        return latest.get();
    }
}
