package cn.yuyue.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.notification.SmsSender;
import cn.yuyue.notification.SmsTemplates;
import cn.yuyue.platform.ratelimit.RateLimiter;
import cn.yuyue.platform.web.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import reactor.test.StepVerifier;

/**
 * The SMS budgets against the real Redis and the dev outbox, with small limits of their own: the
 * test profile turns the budgets off, because every other test asks for codes from the loopback
 * address.
 */
class CodeBudgetsIntegrationTest extends IntegrationTestSupport {

    @Autowired
    RedisVerificationCodes codes;

    @Autowired
    OneTimeCodes oneTimeCodes;

    @Autowired
    SmsSender sms;

    @Autowired
    SmsTemplates templates;

    @Autowired
    RateLimiter limiter;

    @Autowired
    ConfirmingPhone confirming;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    HumanCheck humanCheck;

    private SendingVerificationCode sending(int perClientPerHour, int perMinute) {
        return new SendingVerificationCode(
                codes,
                oneTimeCodes,
                sms,
                templates,
                clock,
                new CodeBudgets(limiter, perClientPerHour, perMinute),
                VerificationConfiguration.codesSent(meters),
                new HumanCheckGate(limiter, humanCheck, 0));
    }

    private static String someClient() {
        return "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255) + "-" + System.nanoTime();
    }

    @Test
    void should_refuse_a_client_that_asks_codes_for_many_phones_and_keep_serving_others() {
        SendingVerificationCode sending = sending(3, 0);
        String client = someClient();
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(sending.send(VerificationIntegrationTest.randomPhone(), client, null))
                    .expectNextMatches(CodeIssue.Issued.class::isInstance)
                    .verifyComplete();
        }
        StepVerifier.create(sending.send(VerificationIntegrationTest.randomPhone(), client, null))
                .assertNext(issue -> assertThat(issue).isInstanceOfSatisfying(CodeIssue.BudgetSpent.class, spent -> {
                    assertThat(spent.byClient()).isTrue();
                    assertThat(spent.retryAfter()).isPositive();
                }))
                .verifyComplete();
        StepVerifier.create(sending.send(VerificationIntegrationTest.randomPhone(), someClient(), null))
                .expectNextMatches(CodeIssue.Issued.class::isInstance)
                .verifyComplete();
    }

    @Test
    void should_refuse_everyone_once_the_global_budget_is_spent() {
        redis.delete("yy:rate:{verification-codes:all}").block(patience());
        SendingVerificationCode sending = sending(0, 2);
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(sending.send(VerificationIntegrationTest.randomPhone(), someClient(), null))
                    .expectNextMatches(CodeIssue.Issued.class::isInstance)
                    .verifyComplete();
        }
        StepVerifier.create(sending.send(VerificationIntegrationTest.randomPhone(), someClient(), null))
                .assertNext(issue -> assertThat(issue)
                        .isInstanceOfSatisfying(
                                CodeIssue.BudgetSpent.class,
                                spent -> assertThat(spent.byClient()).isFalse()))
                .verifyComplete();
        redis.delete("yy:rate:{verification-codes:all}").block(patience());
    }

    @Test
    void should_count_every_code_sent() {
        Counter sent = VerificationConfiguration.codesSent(meters);
        double before = sent.count();

        StepVerifier.create(sending(0, 0).send(VerificationIntegrationTest.randomPhone(), someClient(), null))
                .expectNextMatches(CodeIssue.Issued.class::isInstance)
                .verifyComplete();

        assertThat(sent.count()).isEqualTo(before + 1);
    }

    @Test
    void should_answer_a_spent_budget_with_429_rate_limited_and_retry_after() {
        VerificationController controller = new VerificationController(sending(1, 0), confirming);
        String client = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
        MockServerHttpRequest request = MockServerHttpRequest.post("/api/v1/verification-codes")
                .remoteAddress(new InetSocketAddress(client, 40000))
                .build();
        redis.delete("yy:rate:{verification-codes:client:" + client + "}").block(patience());

        StepVerifier.create(controller.sendCode(
                        new VerificationController.CodeRequest(VerificationIntegrationTest.randomPhone(), null),
                        request))
                .expectNextCount(1)
                .verifyComplete();
        StepVerifier.create(controller.sendCode(
                        new VerificationController.CodeRequest(VerificationIntegrationTest.randomPhone(), null),
                        request))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ApiProblem.class);
                    ApiProblem problem = (ApiProblem) error;
                    assertThat(problem.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(problem.code()).isEqualTo("RATE_LIMITED");
                    assertThat(problem.retryAfter()).isPresent();
                })
                .verify();
    }
}
