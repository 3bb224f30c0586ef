package cn.yuyue.queue;

import java.time.Clock;
import java.time.Duration;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.ClientAddress;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The queue-system interface is exempt from the per-client rate limit (a province network may put
 * every hall's system behind one address), so a prober could make it verify signatures and read
 * bodies without end. A client whose requests failed authentication
 * {@code yuyue.queue.failed-signatures-per-minute} times (20) in a minute is refused
 * {@code 429 RATE_LIMITED} until the minute is over, before its request is read.
 */
@Component
class FailedSignatureThrottle implements WebFilter, Ordered {

    private static final String QUEUE_SYSTEMS = "/api/v1/queue-systems/";

    private final FailedSignatures failures;
    private final Clock clock;

    FailedSignatureThrottle(QueueProperties properties, Clock clock) {
        this.failures = new FailedSignatures(properties.failedSignaturesPerMinute());
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith(QUEUE_SYSTEMS)) {
            return chain.filter(exchange);
        }
        String client = ClientAddress.bucket(exchange.getRequest());
        if (failures.refuses(client, clock.instant())) {
            Duration wait = failures.retryAfter(client, clock.instant());
            return Mono.error(ApiProblem.of(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "RATE_LIMITED",
                            "Too many failed signatures",
                            "Requests from this address failed authentication too often; fix the key or the clock "
                                    + "and try again")
                    .retryAfter(wait.isNegative() ? Duration.ofSeconds(1) : wait));
        }
        return chain.filter(exchange).doOnError(ApiProblem.class, problem -> {
            if (problem.status() == HttpStatus.UNAUTHORIZED) {
                failures.failed(client, clock.instant());
            }
        });
    }

    /** Beside the client rate limit, before the request body is read. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 11;
    }
}
