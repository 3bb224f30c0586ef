package cn.yuyue.booking.application;

import java.util.List;

import cn.yuyue.slot.SlotInventory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies to the live inventory what the event log decided for abandoned claims, once PostgreSQL
 * holds the decision: a claim that stands becomes a booking, a void one gives its place back. Both
 * steps are idempotent, and a step that fails leaves the hold pending, so the next sweep asks the
 * log again and gets the same answer.
 */
@Service
public class SettlingDecidedClaims {

    private static final Logger log = LoggerFactory.getLogger(SettlingDecidedClaims.class);

    private final SlotInventory inventory;
    private final Counter stood;
    private final Counter voided;

    SettlingDecidedClaims(SlotInventory inventory, MeterRegistry meters) {
        this.inventory = inventory;
        this.stood = Counter.builder("yuyue.booking.claims.decided")
                .tag("outcome", "stood")
                .description("Abandoned claims the event log decided")
                .register(meters);
        this.voided = Counter.builder("yuyue.booking.claims.decided")
                .tag("outcome", "voided")
                .description("Abandoned claims the event log decided")
                .register(meters);
    }

    /** Never errs: a failure is logged and left to the next sweep. */
    public Mono<Void> settle(List<ClaimFate> fates) {
        return Flux.fromIterable(fates).concatMap(this::settleOne).then();
    }

    private Mono<Boolean> settleOne(ClaimFate fate) {
        Mono<Boolean> step = fate.stands()
                ? inventory.confirm(fate.hallDay(), fate.bookingId())
                : inventory.release(fate.hallDay(), fate.bookingId());
        return step.doOnNext(changed -> {
                    (fate.stands() ? stood : voided).increment();
                    log.info(
                            "Abandoned claim {} {}",
                            fate.bookingId(),
                            fate.stands() ? "stands: its confirmation came first" : "is void: its place goes back");
                })
                .onErrorResume(failure -> {
                    log.warn(
                            "Claim {} decided ({}) but not yet settled in the inventory: {}",
                            fate.bookingId(),
                            fate.stands() ? "stands" : "void",
                            failure.toString());
                    return Mono.just(false);
                });
    }
}
