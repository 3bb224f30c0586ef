package cn.yuyue.waitlist;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;

import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.model.BookingWindowPolicy;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ends entries that can no longer be served, with an SMS: every {@code expiry-sweep} those none of
 * whose slots can still be booked (each within the booking lead, or the day passed), and at their
 * turn those whose booker is locked or whose taxpayer booked that day meanwhile
 * ({@link ServingWaitlist} calls {@link #expire}). The sweep also repairs what a stopped instance
 * left half done: an entry whose booking is durable becomes BOOKED, and a WAITING entry missing
 * from its built line (its claim was not replicated) goes back to its place in line.
 */
@Component
class ExpiringWaitlist extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(ExpiringWaitlist.class);
    private static final int PER_ROUND = 1000;
    private static final int DAYS_LOOKED_BACK = 7;

    private final WaitlistEntries entries;
    private final RedisWaitingLines lines;
    private final WaitlistMessages messages;
    private final BookingWindowPolicy window;
    private final Clock clock;
    private final Counter expired;
    private final PeriodicFlow<Void> sweeping;

    ExpiringWaitlist(
            WaitlistEntries entries,
            RedisWaitingLines lines,
            WaitlistMessages messages,
            WaitlistProperties properties,
            BookingProperties booking,
            Clock clock,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.entries = entries;
        this.lines = lines;
        this.messages = messages;
        this.window = new BookingWindowPolicy(booking.daysAhead(), booking.releaseTime(), booking.minimumLead());
        this.clock = clock;
        this.expired = Counter.builder("yuyue.waitlist.expired")
                .description("Waitlist entries ended because they could no longer be served")
                .register(meters);
        this.sweeping = PeriodicFlow.named("waitlist-expiry-sweep", this::sweep)
                .firstRoundAfter(properties.expirySweep())
                .every(properties.expirySweep())
                .timeout(timeouts.longRound())
                .onFailure(failure -> log.warn(
                        "Waitlist expiry sweep failed, next round in {}: {}",
                        properties.expirySweep(),
                        failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return sweeping.start();
    }

    /** One round: settle booked entries, expire the unservable ones, restore lost ones. */
    Mono<Void> sweep() {
        LocalDate today = LocalDate.now(clock.withZone(ProvinceTime.ZONE));
        return entries.settleBooked(clock.instant())
                .then(entries.waitingFrom(today.minusDays(DAYS_LOOKED_BACK), PER_ROUND))
                .flatMapMany(Flux::fromIterable)
                .concatMap(this::expireOrRestore)
                .then();
    }

    private Mono<Void> expireOrRestore(WaitlistEntry entry) {
        LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
        boolean servable = entry.starts().stream()
                .anyMatch(start -> window.refusal(now, entry.date(), start).isEmpty());
        if (!servable) {
            return expire(entry, ExpiryReason.TOO_LATE);
        }
        return lines.inLine(entry.hallDay(), entry.id())
                .filter(inLine -> !inLine)
                .flatMap(missing -> lines.isBuilt(entry.hallDay()))
                .filter(built -> built)
                .flatMap(built -> lines.join(entry, true))
                .doOnNext(restored -> log.info("Waitlist entry {} restored to its line: {}", entry.id(), restored))
                .then()
                .onErrorResume(failure -> {
                    log.debug("Waitlist entry {} not checked this round: {}", entry.id(), failure.toString());
                    return Mono.empty();
                });
    }

    /**
     * Ends a WAITING entry: out of the live line first (so it is not served meanwhile), then EXPIRED
     * in PostgreSQL; the instance whose update changed the row sends the SMS.
     */
    Mono<Void> expire(WaitlistEntry entry, ExpiryReason reason) {
        return lines.leave(entry.hallDay(), entry.id())
                .then(entries.leaveWaiting(entry.id(), WaitlistState.EXPIRED, null, reason.name(), clock.instant()))
                .flatMap(changed -> {
                    if (!changed) {
                        return Mono.empty();
                    }
                    expired.increment();
                    log.info("Waitlist entry {} at {} expired: {}", entry.id(), entry.hallDay(), reason);
                    return messages.expired(entry, reason);
                });
    }
}
