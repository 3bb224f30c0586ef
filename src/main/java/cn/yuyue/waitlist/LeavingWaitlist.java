package cn.yuyue.waitlist;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * An agent leaves the line. PostgreSQL first: once the entry is LEFT there, no instance books it
 * ({@link ServingWaitlist} reads the durable state before it serves an entry), even if taking it out
 * of the live line fails; that step is then repeated by whoever meets the entry next.
 */
@Service
class LeavingWaitlist {

    private static final Logger log = LoggerFactory.getLogger(LeavingWaitlist.class);

    private final WaitlistEntries entries;
    private final RedisWaitingLines lines;
    private final Clock clock;

    LeavingWaitlist(WaitlistEntries entries, RedisWaitingLines lines, Clock clock) {
        this.entries = entries;
        this.lines = lines;
        this.clock = clock;
    }

    Mono<WaitlistOutcome> leave(String id, String phone) {
        return entries.byId(id)
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Mono.just(new WaitlistOutcome.Rejected(
                                WaitlistRejection.WAITLIST_ENTRY_NOT_FOUND, "No waitlist entry " + id));
                    }
                    WaitlistEntry entry = found.get();
                    if (!entry.phone().equals(phone)) {
                        return Mono.just(new WaitlistOutcome.Rejected(
                                WaitlistRejection.FORBIDDEN, "This entry was made with another phone"));
                    }
                    if (entry.state() != WaitlistState.WAITING) {
                        return Mono.just(new WaitlistOutcome.Existing(entry, 0));
                    }
                    return entries.leaveWaiting(id, WaitlistState.LEFT, null, null, clock.instant())
                            .then(lines.leave(entry.hallDay(), id).onErrorResume(failure -> {
                                log.warn(
                                        "Entry {} left in PostgreSQL, still in the live line until served: {}",
                                        id,
                                        failure.toString());
                                return Mono.just(false);
                            }))
                            .then(entries.byId(id))
                            .map(left -> (WaitlistOutcome) new WaitlistOutcome.Existing(left.orElse(entry), 0));
                })
                .onErrorResume(failure -> {
                    log.warn("Leaving waitlist entry {} failed: {}", id, failure.toString());
                    return Mono.just(new WaitlistOutcome.Rejected(
                            WaitlistRejection.TRY_LATER, "Nothing changed; please try again shortly"));
                });
    }
}
