package cn.yuyue.waitlist;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import cn.yuyue.slot.HallDay;
import org.springframework.stereotype.Component;

/**
 * The hall-days this instance serves lines of: those with WAITING entries in PostgreSQL as last
 * read ({@link ServingWaitlist} re-reads them every {@code days-refresh}), plus those joined here
 * since, so a line joined on this instance is served at once. Every instance serves every line;
 * the take script decides which of them books an entry.
 */
@Component
class WaitlistedDays {

    private final Set<HallDay> fromDatabase = ConcurrentHashMap.newKeySet();
    private final Set<HallDay> joinedHere = ConcurrentHashMap.newKeySet();

    void joined(HallDay hallDay) {
        joinedHere.add(hallDay);
    }

    /** The days PostgreSQL listed; days joined here before that read are in it by then. */
    void replaceWith(List<HallDay> days, Set<HallDay> joinedBeforeRead) {
        fromDatabase.retainAll(days);
        fromDatabase.addAll(days);
        joinedHere.removeAll(joinedBeforeRead);
    }

    Set<HallDay> joinedSoFar() {
        return Set.copyOf(joinedHere);
    }

    Set<HallDay> current() {
        Set<HallDay> all = ConcurrentHashMap.newKeySet();
        all.addAll(fromDatabase);
        all.addAll(joinedHere);
        return all;
    }
}
