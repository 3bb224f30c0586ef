package cn.yuyue.queue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The halls' latest queue states in Redis, one JSON string per hall, and their fan-out channel.
 *
 * <p>Redis rather than PostgreSQL: the state is a few hundred bytes that change every few seconds
 * per hall and lose all value within minutes; nothing needs its history.
 */
@Component
class RedisQueueStates {

    /** Every instance listens here; each accepted state is published once. */
    static final String CHANNEL = "yy:queue:updates";

    private static final Logger log = LoggerFactory.getLogger(RedisQueueStates.class);

    private final ReactiveStringRedisTemplate redis;
    private final RedisScript<Long> acceptState;
    private final JsonMapper json;
    private final QueueProperties properties;

    RedisQueueStates(
            ReactiveStringRedisTemplate redis,
            RedisScript<Long> queueAcceptStateScript,
            JsonMapper json,
            QueueProperties properties) {
        this.redis = redis;
        this.acceptState = queueAcceptStateScript;
        this.json = json;
        this.properties = properties;
    }

    /** The key of a hall's state; the braces make it a Redis Cluster hash tag. */
    static String key(String hallCode) {
        return "yy:queue:{" + hallCode + "}";
    }

    /**
     * Stores and publishes the state unless a state with the same or a higher sequence is stored.
     *
     * @return 0 when accepted, else the sequence already stored
     */
    Mono<Long> acceptIfNewer(PushedState state) {
        String body = json.writeValueAsString(state);
        List<String> args = List.of(
                Long.toString(state.sequence()),
                body,
                Long.toString(properties.stateRetention().toMillis()),
                CHANNEL);
        return redis.execute(acceptState, List.of(key(state.hallCode())), args)
                .next()
                .timeout(properties.storeTimeout());
    }

    /** The stored states of these halls; halls without one are left out. */
    Flux<PushedState> latest(List<String> hallCodes) {
        if (hallCodes.isEmpty()) {
            return Flux.empty();
        }
        return redis.opsForValue()
                .multiGet(hallCodes.stream().map(RedisQueueStates::key).toList())
                .timeout(properties.storeTimeout())
                // MGET answers null for a missing key; a Flux cannot carry null.
                .flatMapIterable(
                        values -> values.stream().filter(Objects::nonNull).toList())
                .handle((value, sink) -> decode(value, sink::next));
    }

    /**
     * States published by any instance, from the moment of subscription on. Completes the outer
     * Mono once Redis confirmed the subscription, so a caller can read the stored states after it
     * and miss nothing in between.
     */
    Mono<Flux<PushedState>> updates() {
        // Deferred: the template creates its listener container when called, and a retry after a
        // failure needs a new one, not the destroyed one.
        return Mono.defer(() -> redis.listenToChannelLater(CHANNEL))
                .timeout(properties.storeTimeout())
                .map(messages -> messages.handle((message, sink) -> decode(message.getMessage(), sink::next)));
    }

    /** Remembers that a signature was used; false when it was seen before (a replay). */
    Mono<Boolean> firstUseOf(String signatureDigest, Duration remember) {
        return redis.opsForValue()
                .setIfAbsent("yy:queue:seen-signature:" + signatureDigest, "1", remember)
                .timeout(properties.storeTimeout());
    }

    private void decode(String value, Consumer<PushedState> next) {
        try {
            next.accept(json.readValue(value, PushedState.class));
        } catch (JacksonException e) {
            // One foreign or corrupt value must not stop the fan-out of all the others.
            log.warn("Ignoring a queue state that is not valid JSON: {}", e.getOriginalMessage());
        }
    }
}
