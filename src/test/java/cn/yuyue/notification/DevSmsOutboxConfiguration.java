package cn.yuyue.notification;

import java.time.Clock;

import cn.yuyue.platform.web.CommonProblems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
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
 * The development outbox and its read endpoint {@code GET /api/v1/dev/sms}, together or not at all,
 * when {@code yuyue.sms.dev-outbox.enabled} is set (the local and test profiles). Found by component
 * scanning on the test classpath only: the production jar contains neither, so no setting can turn
 * them on there.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("yuyue.sms.dev-outbox.enabled")
@EnableConfigurationProperties(DevSmsOutboxProperties.class)
class DevSmsOutboxConfiguration {

    @Bean
    DevSmsOutbox devSmsOutbox(
            ReactiveStringRedisTemplate redis, JsonMapper json, Clock clock, DevSmsOutboxProperties properties) {
        return new DevSmsOutbox(redis, json, clock, properties);
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
