package cn.yuyue.platform.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Holds every server-sent event stream of the API to {@link StreamLimitProperties}: a stream is
 * counted from its request until its response ends, whether the server completes it or the client
 * goes away. The open count is published as {@code yuyue.web.streams.open}.
 *
 * <p>An admitted stream answers {@code X-Accel-Buffering: no}: a proxy that buffers responses
 * (nginx and its kin do by default) would otherwise hold each event until its buffer fills.
 */
@Component
@EnableConfigurationProperties(StreamLimitProperties.class)
class StreamLimitFilter implements WebFilter, Ordered {

    private final OpenStreams open;
    private final StreamLimitProperties properties;

    StreamLimitFilter(StreamLimitProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.open = new OpenStreams(properties.perClient(), properties.perInstance());
        Gauge.builder("yuyue.web.streams.open", open, OpenStreams::total)
                .description("Server-sent event streams open on this instance")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isStream(exchange)) {
            return chain.filter(exchange);
        }
        String client = ClientAddress.bucket(exchange.getRequest());
        return switch (open.open(client)) {
            case OPENED -> {
                exchange.getResponse().getHeaders().set("X-Accel-Buffering", "no");
                yield chain.filter(exchange).doFinally(signal -> open.close(client));
            }
            case CLIENT_FULL ->
                Mono.error(ApiProblem.of(
                                HttpStatus.TOO_MANY_REQUESTS,
                                "RATE_LIMITED",
                                "Too many streams",
                                "This client holds " + properties.perClient()
                                        + " live streams already; close one before opening another")
                        .retryAfter(properties.retryAfter()));
            case INSTANCE_FULL ->
                Mono.error(CommonProblems.tryLater(
                        "This instance serves as many live streams as it can; reconnect later",
                        properties.retryAfter()));
        };
    }

    private static boolean isStream(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return HttpMethod.GET.equals(exchange.getRequest().getMethod())
                && path.startsWith("/api/v1/")
                && path.endsWith("/stream");
    }

    /** After the client rate limit, which counts the request that opens a stream like any other. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
