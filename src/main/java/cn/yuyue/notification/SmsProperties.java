package cn.yuyue.notification;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * How SMS are sent and what they say.
 *
 * <p>The only sender this build contains is the province's HTTP gateway; {@link OneSmsSender} stops
 * start-up when it is not configured. The local run mode and the tests add a development outbox from
 * the test classpath instead.
 *
 * @param gateway   the SMS gateway; active when {@code url} is set
 * @param templates message wording by template name, with {@code {placeholder}}s; see {@link SmsTemplates}
 */
@ConfigurationProperties("yuyue.sms")
record SmsProperties(@DefaultValue Gateway gateway, Map<String, String> templates) {

    SmsProperties {
        templates = templates == null ? Map.of() : Map.copyOf(templates);
        if (gateway.enabled() && !StringUtils.hasText(gateway.token())) {
            throw new IllegalStateException("yuyue.sms.gateway.url is set but yuyue.sms.gateway.token is not;"
                    + " the gateway needs its bearer credential (YUYUE_SMS_GATEWAY_TOKEN).");
        }
    }

    /**
     * @param url     where to POST {@code {"phone": ..., "text": ...}}; unset means no gateway
     * @param token   the bearer credential the gateway expects; a secret, pass it by environment
     * @param timeout how long one attempt may take, connect included; one retry follows a 5xx or a
     *                connect failure, never a timeout (the message may have gone out)
     */
    record Gateway(
            URI url, String token, @DefaultValue("3s") Duration timeout) {

        boolean enabled() {
            return url != null && StringUtils.hasText(url.toString());
        }
    }
}
