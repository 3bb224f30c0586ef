package cn.yuyue.waitlist;

import java.util.List;

import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** The phone's entries, newest first, each WAITING one with its current place in line. */
@Service
class ReadingWaitlist {

    private final WaitlistEntries entries;

    ReadingWaitlist(WaitlistEntries entries) {
        this.entries = entries;
    }

    Mono<List<WaitlistOutcome.Existing>> ofPhone(String phone) {
        return entries.ofPhone(phone)
                .concatMap(entry -> entry.state() == WaitlistState.WAITING
                        ? entries.position(entry).map(position -> new WaitlistOutcome.Existing(entry, position))
                        : Mono.just(new WaitlistOutcome.Existing(entry, 0)))
                .collectList();
    }
}
