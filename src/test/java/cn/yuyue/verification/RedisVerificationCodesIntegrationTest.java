package cn.yuyue.verification;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import cn.yuyue.notification.SmsSender;
import cn.yuyue.notification.SmsTemplates;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.platform.local.EmbeddedRedisConnection;
import cn.yuyue.platform.ratelimit.RateLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The limit scripts against the real embedded Redis, with time passed in as the application does:
 * a day of codes is walked through in a few milliseconds, without a Spring context or sleeps.
 */
class RedisVerificationCodesIntegrationTest {

    /** 2026-12-01 09:00 in the province. */
    private static final Instant MORNING = Instant.parse("2026-12-01T01:00:00Z");

    private static EmbeddedRedisConnection connection;
    private static RedisVerificationCodes codes;

    @BeforeAll
    static void connect() {
        connection = EmbeddedRedisConnection.open();
        VerificationProperties limits = new VerificationProperties(
                Duration.ofMinutes(5),
                Duration.ofSeconds(60),
                10,
                5,
                0,
                0,
                3,
                Duration.ofMinutes(2),
                3,
                10,
                "image",
                Duration.ofMinutes(30),
                Base64.getEncoder().encodeToString(new byte[32]));
        codes = new RedisVerificationCodes(connection.redis(), limits);
    }

    @AfterAll
    static void disconnect() {
        connection.close();
    }

    @Test
    void should_stop_at_the_daily_limit_until_the_next_province_day() {
        String phone = VerificationIntegrationTest.randomPhone();
        for (int i = 0; i < 10; i++) {
            StepVerifier.create(codes.issue(phone, "d" + i, MORNING.plus(Duration.ofMinutes(2L * i))))
                    .expectNext(new CodeIssue.Issued(Duration.ofMinutes(5)))
                    .verifyComplete();
        }

        Instant evening = Instant.parse("2026-12-01T14:00:00Z"); // 22:00 in the province
        StepVerifier.create(codes.issue(phone, "d10", evening))
                .expectNext(new CodeIssue.DailyLimitReached(Duration.ofHours(2)))
                .verifyComplete();

        Instant nextDay = Instant.parse("2026-12-01T16:00:00Z"); // 00:00 in the province
        StepVerifier.create(codes.issue(phone, "d11", nextDay))
                .expectNext(new CodeIssue.Issued(Duration.ofMinutes(5)))
                .verifyComplete();
    }

    @Test
    void should_allow_a_new_code_exactly_when_the_resend_interval_ends() {
        String phone = VerificationIntegrationTest.randomPhone();
        StepVerifier.create(codes.issue(phone, "first", MORNING))
                .expectNextCount(1)
                .verifyComplete();

        StepVerifier.create(codes.issue(phone, "second", MORNING.plusSeconds(45)))
                .expectNext(new CodeIssue.TooSoon(Duration.ofSeconds(15)))
                .verifyComplete();
        StepVerifier.create(codes.issue(phone, "second", MORNING.plusSeconds(60)))
                .expectNext(new CodeIssue.Issued(Duration.ofMinutes(5)))
                .verifyComplete();

        // The new code replaced the old one.
        StepVerifier.create(codes.check(phone, "first", MORNING.plusSeconds(61)))
                .expectNext(new CodeCheck.Mismatched(4))
                .verifyComplete();
        StepVerifier.create(codes.check(phone, "second", MORNING.plusSeconds(62)))
                .expectNext(new CodeCheck.Matched())
                .verifyComplete();
    }

    @Test
    void should_refuse_an_expired_code() {
        String phone = VerificationIntegrationTest.randomPhone();
        StepVerifier.create(codes.issue(phone, "code", MORNING))
                .expectNextCount(1)
                .verifyComplete();

        StepVerifier.create(codes.check(phone, "code", MORNING.plus(Duration.ofMinutes(5))))
                .expectNext(new CodeCheck.NoLiveCode())
                .verifyComplete();
    }

    @Test
    void should_void_the_code_at_the_fifth_wrong_attempt() {
        String phone = VerificationIntegrationTest.randomPhone();
        StepVerifier.create(codes.issue(phone, "right", MORNING))
                .expectNextCount(1)
                .verifyComplete();

        for (int left = 4; left >= 0; left--) {
            StepVerifier.create(codes.check(phone, "wrong", MORNING.plusSeconds(1)))
                    .expectNext(new CodeCheck.Mismatched(left))
                    .verifyComplete();
        }
        StepVerifier.create(codes.check(phone, "right", MORNING.plusSeconds(2)))
                .expectNext(new CodeCheck.NoLiveCode())
                .verifyComplete();
    }

    @Test
    void should_withdraw_the_code_when_its_sms_cannot_be_sent() {
        String phone = VerificationIntegrationTest.randomPhone();
        AtomicBoolean gatewayUp = new AtomicBoolean(false);
        SmsSender sms = (to, text) -> gatewayUp.get() ? Mono.empty() : Mono.error(new IllegalStateException("down"));
        SendingVerificationCode sending = new SendingVerificationCode(
                codes,
                new OneTimeCodes(new SecureRandom(), new Hmac(new byte[32])),
                sms,
                new SmsTemplates(Map.of(SendingVerificationCode.TEMPLATE, "{code} {minutes}")),
                Clock.fixed(MORNING, ZoneOffset.UTC),
                new CodeBudgets(new RateLimiter(connection.redis(), Timeouts.defaults()), 0, 0),
                new SimpleMeterRegistry().counter("sent"),
                // Off, and no answer is ever sent: the human check is never asked.
                new HumanCheckGate(new RateLimiter(connection.redis(), Timeouts.defaults()), null, 0));

        StepVerifier.create(sending.send(phone, "192.0.2.1", null))
                .expectNext(new CodeIssue.NotSent())
                .verifyComplete();

        gatewayUp.set(true);
        StepVerifier.create(sending.send(phone, "192.0.2.1", null))
                .expectNext(new CodeIssue.Issued(Duration.ofMinutes(5)))
                .verifyComplete();
    }

    @Test
    void should_free_the_limits_of_a_withdrawn_code() {
        String phone = VerificationIntegrationTest.randomPhone();
        for (int i = 0; i < 10; i++) {
            Instant at = MORNING.plus(Duration.ofMinutes(2L * i));
            StepVerifier.create(codes.issue(phone, "d" + i, at))
                    .expectNextCount(1)
                    .verifyComplete();
        }
        Instant lastIssue = MORNING.plus(Duration.ofMinutes(18));
        StepVerifier.create(codes.withdraw(phone, "d9", lastIssue)).verifyComplete();

        StepVerifier.create(codes.check(phone, "d9", lastIssue.plusSeconds(1)))
                .expectNext(new CodeCheck.NoLiveCode())
                .verifyComplete();
        StepVerifier.create(codes.issue(phone, "again", lastIssue.plusSeconds(1)))
                .expectNext(new CodeIssue.Issued(Duration.ofMinutes(5)))
                .verifyComplete();
    }
}
