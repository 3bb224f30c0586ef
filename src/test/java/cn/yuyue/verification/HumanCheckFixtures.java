package cn.yuyue.verification;

import java.time.Duration;

import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Brings a client address to the human-check threshold without asking hundreds of codes: the test
 * profile sets the threshold far above what the suite asks for from the loopback address.
 */
public final class HumanCheckFixtures {

    private HumanCheckFixtures() {}

    /**
     * After this, {@code client} may ask for {@code codesLeft} codes in the current hour before the
     * next one needs a human check.
     */
    public static void codesBeforeHumanCheck(ApplicationContext context, String client, int codesLeft) {
        int after = context.getBean(VerificationProperties.class).humanCheckAfter();
        context.getBean(ReactiveStringRedisTemplate.class)
                .opsForValue()
                .set(countKey(client), String.valueOf(after - codesLeft), Duration.ofHours(1))
                .block(Duration.ofSeconds(30));
    }

    /** Forgets the client's count, so that later tests from the same address start from nothing. */
    public static void forget(ApplicationContext context, String client) {
        context.getBean(ReactiveStringRedisTemplate.class)
                .delete(countKey(client))
                .block(Duration.ofSeconds(30));
    }

    /** The RateLimiter's counter of the gate's bucket. */
    private static String countKey(String client) {
        return "yy:rate:{" + HumanCheckGate.bucket(client) + "}";
    }
}
