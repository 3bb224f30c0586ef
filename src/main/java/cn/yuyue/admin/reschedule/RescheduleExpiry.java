package cn.yuyue.admin.reschedule;

import java.time.Clock;

import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.Timeouts;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
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
    private final Clock clock;
    private final PeriodicFlow<Long> expiring;

    RescheduleExpiry(
            RescheduleProposals proposals,
            AnsweringReschedule answering,
            RescheduleProperties properties,
            Clock clock,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.proposals = proposals;
        this.answering = answering;
        this.clock = clock;
        this.expiring = PeriodicFlow.named("reschedule-expiry", this::expireOverdue)
                .firstRoundAfter(properties.expireEvery())
                .every(properties.expireEvery())
                .timeout(timeouts.backgroundRound())
                .onResult(expired -> {
                    if (expired > 0) {
                        log.info("Expired {} unanswered reschedule proposals", expired);
                    }
                })
                .onFailure(failure -> log.warn("Expiring proposals failed; next round retries: {}", failure.toString()))
                .build(meters);
    }

    /** Expires every overdue proposal now; the number expired. */
    Mono<Long> expireOverdue() {
        return proposals
                .overdue(clock.instant())
                .concatMap(proposal -> answering.expire(proposal).thenReturn(1L).onErrorResume(failure -> {
                    log.warn("Could not expire the proposal of {}: {}", proposal.bookingId(), failure.toString());
                    return Mono.just(0L);
                }))
                .reduce(0L, Long::sum);
    }

    @Override
    protected Disposable launch() {
        return expiring.start();
    }
}
