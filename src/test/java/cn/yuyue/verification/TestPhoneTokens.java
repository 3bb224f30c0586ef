package cn.yuyue.verification;

import java.time.Clock;

import org.springframework.context.ApplicationContext;

/**
 * Tokens for many phones at once, signed by the application's own signer, for tests that need
 * hundreds of verified agents; the SMS flow itself is tested in {@code VerificationIntegrationTest}.
 */
public final class TestPhoneTokens {

    private TestPhoneTokens() {}

    public static String tokenFor(ApplicationContext context, String phone) {
        PhoneTokens tokens = context.getBean(PhoneTokens.class);
        return tokens.issue(phone, context.getBean(Clock.class).instant()).token();
    }
}
