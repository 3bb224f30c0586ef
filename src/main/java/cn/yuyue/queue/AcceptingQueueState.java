package cn.yuyue.queue;

import java.time.Clock;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a hall's queue state from its queue system: authenticate, validate, estimate the waits it
 * left out, store it in Redis if newer (which also fans it out to every instance) and show it to
 * this instance's watchers at once.
 */
@Component
class AcceptingQueueState {

    private final QueueSystemAuthentication authentication;
    private final RedisQueueStates states;
    private final QueueHub hub;
    private final JsonMapper json;
    private final Clock clock;
    private final QueueProperties properties;

    AcceptingQueueState(
            QueueSystemAuthentication authentication,
            RedisQueueStates states,
            QueueHub hub,
            JsonMapper json,
            Clock clock,
            QueueProperties properties) {
        this.authentication = authentication;
        this.states = states;
        this.hub = hub;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Whether the state was stored or an equal or later one is already there. A push that fails
     * authentication (401/403) or breaks a rule of {@link StatePush} (400) errors instead: neither
     * is a hall's state to decide about.
     */
    Mono<Acceptance> accept(SignedPush push) {
        return authentication
                .authenticate(push)
                .then(Mono.fromCallable(() -> validated(push)))
                .flatMap(this::storeIfNewer);
    }

    private PushedState validated(SignedPush push) {
        return StatePush.read(push.body(), json).accept(push.hallCode(), clock.instant(), properties);
    }

    private Mono<Acceptance> storeIfNewer(PushedState state) {
        return states.acceptIfNewer(state).map(stored -> {
            if (stored != 0) {
                return new Acceptance.StaleSequence(state.sequence(), stored);
            }
            hub.offer(state);
            return new Acceptance.Accepted(state);
        });
    }

    sealed interface Acceptance {

        /** Stored, fanned out to every instance and shown to this instance's watchers. */
        record Accepted(PushedState state) implements Acceptance {}

        /** Nothing stored: the hall already has {@code lastAccepted}, not older than {@code sent}. */
        record StaleSequence(long sent, long lastAccepted) implements Acceptance {}
    }
}
