package cn.yuyue.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The development outbox of the local run mode and the tests ({@code yuyue.sms.dev-outbox.*}).
 *
 * @param enabled   keep messages in Redis instead of sending them; set by the local and test profiles
 * @param keep      how many messages to keep per phone, newest first
 * @param retention how long a phone's messages are kept after the last one
 */
@ConfigurationProperties("yuyue.sms.dev-outbox")
record DevSmsOutboxProperties(
        boolean enabled,
        @DefaultValue("50") int keep,
        @DefaultValue("1d") Duration retention) {}
