package cn.yuyue.platform.ratelimit;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Counts every API request against its client address before any work is done for it, so one
 * client flooding the API is refused cheaply (429) while everyone else goes on being served.
 */
@Component
class ClientRateLimitFilter implements WebFilter, Ordered {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateLimiter limiter;
    private final RateLimitProperties properties;

    ClientRateLimitFilter(RateLimiter limiter, RateLimitProperties properties) {
        this.limiter = limiter;
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/queue-systems/")) {
            return chain.filter(exchange);
        }
        return limiter.check("client:" + client(exchange), properties.clientPerMinute(), WINDOW)
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    /**
     * The host as given: an address taken from X-Forwarded-For is unresolved (no InetAddress), so
     * asking for its InetAddress would put every forwarded client into one bucket.
     */
    private static String client(ServerWebExchange exchange) {
        InetSocketAddress address = exchange.getRequest().getRemoteAddress();
        return address == null ? "unknown" : address.getHostString();
    }

    /** Right after the forwarded-header handling, before security and the handlers. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
