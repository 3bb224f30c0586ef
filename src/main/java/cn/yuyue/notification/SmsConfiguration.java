package cn.yuyue.notification;

import java.time.Clock;

import cn.yuyue.platform.web.CommonProblems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chooses the one {@link SmsSender} adapter from configuration; {@link SmsProperties} refuses to bind
 * when none or both are configured.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
class SmsConfiguration {

    @Bean
    SmsTemplates smsTemplates(SmsProperties properties) {
        return new SmsTemplates(properties.templates());
    }

    @Bean
    @ConditionalOnProperty(prefix = "yuyue.sms.gateway", name = "url")
    HttpSmsGateway httpSmsGateway(SmsProperties properties) {
        return new HttpSmsGateway(properties.gateway());
    }

    /**
     * The outbox and its read endpoint exist together or not at all: with the property absent or
     * false (production) there is no route, so {@code /api/v1/dev/sms} answers 404 like any unknown path.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("yuyue.sms.dev-outbox.enabled")
    static class DevOutboxConfiguration {

        @Bean
        DevSmsOutbox devSmsOutbox(ReactiveStringRedisTemplate redis, JsonMapper json, Clock clock,
                                  SmsProperties properties) {
            return new DevSmsOutbox(redis, json, clock, properties.devOutbox());
        }

        @Bean
        RouterFunction<ServerResponse> devSmsRoutes(DevSmsOutbox outbox) {
            return RouterFunctions.route()
                    .GET("/api/v1/dev/sms", request -> {
                        String phone = request.queryParam("phone").orElse("");
                        if (!StringUtils.hasText(phone)) {
                            return Mono.error(CommonProblems.validationFailed("phone", "is required"));
                        }
                        return ServerResponse.ok().body(outbox.sentTo(phone), DevSmsOutbox.SentSms.class);
                    })
                    .build();
        }
    }
}
