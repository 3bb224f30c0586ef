package cn.yuyue.platform.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits against one phone or one client flooding the API, under {@code yuyue.rate-limit}; 0
 * turns a limit off. Counted in Redis, so they hold across every instance.
 *
 * @param clientPerMinute          requests per minute from one client address (behind a trusted
 *                                 proxy, {@code yuyue.web.trusted-proxies}, the address it names);
 *                                 the queue-system intake is not counted, it is authenticated per hall
 * @param phoneBookingsPerMinute   booking attempts per minute by one verified phone; an agent
 *                                 booking for several taxpayers stays far below it
 */
@ConfigurationProperties("yuyue.rate-limit")
public record RateLimitProperties(
        @DefaultValue("1200") int clientPerMinute,
        @DefaultValue("30") int phoneBookingsPerMinute) {}
