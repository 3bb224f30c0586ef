package cn.yuyue.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.server.RouterFunction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which SMS adapter starts, checked on a tiny context of this feature alone: a second full
 * application context would cost the integration tests far more time. The development outbox
 * ({@link DevSmsOutboxConfiguration}) is on the test classpath, as in the local run mode.
 */
class SmsConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(SmsConfiguration.class, DevSmsOutboxConfiguration.class)
            .withBean(ReactiveStringRedisTemplate.class, () -> mock(ReactiveStringRedisTemplate.class))
            .withBean(JsonMapper.class, JsonMapper::new)
            .withBean(Clock.class, Clock::systemUTC)
            .withPropertyValues("yuyue.sms.templates.verification-code={code}");

    @Test
    void should_send_through_the_gateway_and_expose_no_dev_endpoint_when_the_outbox_is_off() {
        runner.withPropertyValues(
                        "yuyue.sms.gateway.url=https://sms.example.cn/send",
                        "yuyue.sms.gateway.token=secret",
                        "yuyue.sms.dev-outbox.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(SmsSender.class).isInstanceOf(HttpSmsGateway.class);
                    assertThat(context).doesNotHaveBean(DevSmsOutbox.class);
                    assertThat(context).doesNotHaveBean(RouterFunction.class);
                });
    }

    @Test
    void should_send_through_the_gateway_with_the_production_configuration_alone() {
        new ApplicationContextRunner()
                .withUserConfiguration(SmsConfiguration.class)
                .withPropertyValues(
                        "yuyue.sms.gateway.url=https://sms.example.cn/send",
                        "yuyue.sms.gateway.token=secret",
                        // Means nothing without the test classpath's outbox: the gateway still sends.
                        "yuyue.sms.dev-outbox.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(SmsSender.class).isInstanceOf(HttpSmsGateway.class);
                    assertThat(context).doesNotHaveBean(RouterFunction.class);
                });
    }

    @Test
    void should_keep_messages_and_expose_the_dev_endpoint_only_when_the_outbox_is_on() {
        runner.withPropertyValues("yuyue.sms.dev-outbox.enabled=true").run(context -> {
            assertThat(context).getBean(SmsSender.class).isInstanceOf(DevSmsOutbox.class);
            assertThat(context).hasSingleBean(RouterFunction.class);
            assertThat(context.getBean(SmsTemplates.class).render("verification-code", Map.of("code", "123456")))
                    .isEqualTo("123456");
        });
    }

    @Test
    void should_refuse_to_start_without_a_way_to_send_sms() {
        // Thrown by OneSmsSender before any bean exists: the failure itself, not a wrapped cause.
        runner.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .hasMessageContaining("yuyue cannot send SMS")
                .hasMessageContaining("yuyue.sms.gateway.url"));
    }

    @Test
    void should_refuse_to_start_with_both_the_gateway_and_the_outbox() {
        runner.withPropertyValues(
                        "yuyue.sms.gateway.url=https://sms.example.cn/send",
                        "yuyue.sms.gateway.token=secret",
                        "yuyue.sms.dev-outbox.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure().hasMessageContaining("choose one"));
    }

    @Test
    void should_refuse_a_gateway_without_its_credential() {
        runner.withPropertyValues("yuyue.sms.gateway.url=https://sms.example.cn/send")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("yuyue.sms.gateway.token"));
    }
}
