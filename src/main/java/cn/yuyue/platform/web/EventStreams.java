package cn.yuyue.platform.web;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * What every server-sent event stream of the API sends besides its own events.
 *
 * <p>First a {@code retry:} field telling the browser how long to wait before it reconnects. Each
 * stream gets its own wait between the base and base plus jitter, so when an instance goes away its
 * thousands of watchers come back spread over seconds rather than in the same millisecond.
 *
 * <p>Then comment heartbeats, which keep proxies from closing a quiet stream and let clients notice
 * a dead connection.
 */
@Component
@EnableConfigurationProperties(StreamLimitProperties.class)
public class EventStreams {

    private final Duration base;
    private final Duration jitter;

    public EventStreams(StreamLimitProperties properties) {
        this.base = properties.reconnectAfter();
        this.jitter = properties.reconnectJitter();
    }

    /** A comment event carrying only the reconnection wait, to open a stream with. */
    public <T> ServerSentEvent<T> opening() {
        return ServerSentEvent.<T>builder()
                .comment("connected")
                .retry(nextWait())
                .build();
    }

    /** A comment every {@code every}; a tick a slow watcher cannot take is dropped, not queued. */
    public <T> Flux<ServerSentEvent<T>> heartbeats(Duration every) {
        return Flux.interval(every, every)
                .onBackpressureDrop()
                .map(tick -> ServerSentEvent.<T>builder().comment("heartbeat").build());
    }

    Duration nextWait() {
        long spread = jitter.toMillis();
        return spread <= 0 ? base : base.plusMillis(ThreadLocalRandom.current().nextLong(spread + 1));
    }
}
