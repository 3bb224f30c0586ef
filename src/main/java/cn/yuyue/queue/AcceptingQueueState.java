package cn.yuyue.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import cn.yuyue.platform.web.CommonProblems;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
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

    AcceptingQueueState(QueueSystemAuthentication authentication, RedisQueueStates states, QueueHub hub,
                        JsonMapper json, Clock clock, QueueProperties properties) {
        this.authentication = authentication;
        this.states = states;
        this.hub = hub;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Completes when the state is stored; errors with 401/403 (credential), 400 (body) or 409
     * {@code STALE_SEQUENCE}.
     */
    Mono<Void> accept(SignedPush push) {
        return authentication.authenticate(push)
                .then(Mono.fromCallable(() -> validated(push)))
                .flatMap(this::storeIfNewer);
    }

    private PushedState validated(SignedPush push) {
        StatePush body = parse(push.body());
        Instant now = clock.instant();
        List<CommonProblems.FieldError> violations = body.violations(now, properties.signatureWindow());
        if (!violations.isEmpty()) {
            throw CommonProblems.validationFailed(violations);
        }
        return body.accept(push.hallCode(), now, properties);
    }

    private StatePush parse(byte[] body) {
        if (body.length == 0) {
            throw CommonProblems.validationFailed("body", "is required: {sequence, observedAt, groups}");
        }
        try {
            StatePush parsed = json.readValue(body, StatePush.class);
            if (parsed == null) {
                throw CommonProblems.validationFailed("body", "must be a JSON object");
            }
            return parsed;
        } catch (JacksonException e) {
            throw CommonProblems.validationFailed("body", "is not valid JSON of the expected shape");
        }
    }

    private Mono<Void> storeIfNewer(PushedState state) {
        return states.acceptIfNewer(state).flatMap(stored -> {
            if (stored != 0) {
                return Mono.error(QueueProblems.staleSequence(state.sequence(), stored));
            }
            hub.offer(state);
            return Mono.empty();
        });
    }
}
