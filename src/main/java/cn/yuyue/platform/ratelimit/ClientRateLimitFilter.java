package cn.yuyue.platform.ratelimit;

import java.time.Duration;

import cn.yuyue.platform.web.ClientAddress;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Counts every API request against its client address before any work is done for it, so one
 * client flooding the API is refused cheaply (429) while everyone else goes on being served. The
 * address is the direct peer's unless that peer is a trusted proxy ({@code yuyue.web.trusted-proxies}).
 */
@Component
class ClientRateLimitFilter implements WebFilter, Ordered {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateLimiter limiter;
    private final RateLimitProperties properties;
    private final InProcessCallers inProcess;

    ClientRateLimitFilter(RateLimiter limiter, RateLimitProperties properties, InProcessCallers inProcess) {
        this.limiter = limiter;
        this.properties = properties;
        this.inProcess = inProcess;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // Within the application: a prefix from a proxy (X-Forwarded-Prefix) is not part of it.
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/v1/")
                || path.startsWith("/api/v1/queue-systems/")
                || inProcess.isInProcess(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return limiter.check(
                        "client:" + ClientAddress.bucket(exchange.getRequest()), properties.clientPerMinute(), WINDOW)
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    /** Right after the forwarded-header handling, before security and the handlers. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
