package cn.yuyue.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Caps on open server-sent event streams (any {@code GET /api/v1/.../stream}), under
 * {@code yuyue.web.streams}. A stream holds a connection, buffers and a subscription for as long as
 * the client likes, so without caps one client could hold thousands and starve an instance.
 *
 * @param perClient   streams one client address may hold open on one instance (behind a trusted
 *                    proxy, the address it names); generous, since an agency's agents or a hall's
 *                    screens may share one address. Beyond it: 429 {@code RATE_LIMITED}
 * @param perInstance streams one instance holds open in all; beyond it 503 {@code TRY_LATER}, so the
 *                    client reconnects (through the load balancer, often to another pod) later
 * @param retryAfter  the {@code Retry-After} of either refusal
 * @param reconnectAfter  the shortest wait a stream's {@code retry:} field asks of a client
 *                        before it reconnects
 * @param reconnectJitter the most added to that wait, at random per stream, so the watchers of an
 *                        instance that went away do not all come back at once
 */
@ConfigurationProperties("yuyue.web.streams")
public record StreamLimitProperties(
        @DefaultValue("64") int perClient,
        @DefaultValue("20000") int perInstance,
        @DefaultValue("30s") Duration retryAfter,
        @DefaultValue("2s") Duration reconnectAfter,
        @DefaultValue("8s") Duration reconnectJitter) {}
