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
 * <p>Exactly one way of sending must be configured: the gateway in production, the dev outbox in the
 * local and test profiles. Binding fails otherwise, which stops start-up with the message below
 * instead of letting codes vanish silently.
 *
 * @param gateway   the production SMS gateway; active when {@code url} is set
 * @param devOutbox the development outbox that keeps messages in Redis, readable at
 *                  {@code GET /api/v1/dev/sms}; never enable it in production
 * @param templates message wording by template name, with {@code {placeholder}}s; see {@link SmsTemplates}
 */
@ConfigurationProperties("yuyue.sms")
record SmsProperties(@DefaultValue Gateway gateway, @DefaultValue DevOutbox devOutbox, Map<String, String> templates) {

    SmsProperties {
        templates = templates == null ? Map.of() : Map.copyOf(templates);
        if (gateway.enabled() && devOutbox.enabled()) {
            throw new IllegalStateException("Both yuyue.sms.gateway.url and yuyue.sms.dev-outbox.enabled are set;"
                    + " choose one: the gateway sends real SMS, the dev outbox only stores them for developers.");
        }
        if (!gateway.enabled() && !devOutbox.enabled()) {
            throw new IllegalStateException("""
                    yuyue cannot send SMS: set yuyue.sms.gateway.url and yuyue.sms.gateway.token \
                    (e.g. YUYUE_SMS_GATEWAY_URL, YUYUE_SMS_GATEWAY_TOKEN) for the real SMS gateway, \
                    or yuyue.sms.dev-outbox.enabled=true in a development profile (local, test). \
                    There is deliberately no silent fake: taxpayers would never get their codes.""");
        }
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
    record Gateway(URI url, String token, @DefaultValue("3s") Duration timeout) {

        boolean enabled() {
            return url != null && StringUtils.hasText(url.toString());
        }
    }

    /**
     * @param enabled   keep messages in Redis instead of sending them (local and test profiles only)
     * @param keep      how many messages to keep per phone, newest first
     * @param retention how long a phone's messages are kept after the last one
     */
    record DevOutbox(boolean enabled, @DefaultValue("50") int keep, @DefaultValue("1d") Duration retention) {
    }
}
