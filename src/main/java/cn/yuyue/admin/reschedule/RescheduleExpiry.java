package cn.yuyue.admin.reschedule;

import java.time.Clock;

import cn.yuyue.platform.BackgroundFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Withdraws proposals nobody answered by their deadline (without penalty), periodically. Safe on
 * several instances: each answer holds a lease and records its outcome only once.
 */
@Component
class RescheduleExpiry extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(RescheduleExpiry.class);

    private final RescheduleProposals proposals;
    private final AnsweringReschedule answering;
    private final RescheduleProperties properties;
    private final Clock clock;

    RescheduleExpiry(RescheduleProposals proposals, AnsweringReschedule answering, RescheduleProperties properties,
                     Clock clock) {
        this.proposals = proposals;
        this.answering = answering;
        this.properties = properties;
        this.clock = clock;
    }

    /** Expires every overdue proposal now; the number expired. */
    Mono<Long> expireOverdue() {
        return proposals.overdue(clock.instant())
                .concatMap(proposal -> answering.expire(proposal)
                        .thenReturn(1L)
                        .onErrorResume(failure -> {
                            log.warn("Could not expire the proposal of {}: {}", proposal.bookingId(), failure.toString());
                            return Mono.just(0L);
                        }))
                .reduce(0L, Long::sum);
    }

    @Override
    protected Disposable launch() {
        return Flux.interval(properties.expireEvery(), properties.expireEvery())
                .onBackpressureDrop()
                .concatMap(tick -> expireOverdue().onErrorResume(failure -> {
                    log.warn("Expiring proposals failed; next round retries: {}", failure.toString());
                    return Mono.just(0L);
                }))
                .subscribe(expired -> {
                    if (expired > 0) {
                        log.info("Expired {} unanswered reschedule proposals", expired);
                    }
                }, failure -> log.error("Proposal expiry stopped", failure));
    }
}
