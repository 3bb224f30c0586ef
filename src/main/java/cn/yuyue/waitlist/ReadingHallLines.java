package cn.yuyue.waitlist;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import cn.yuyue.slot.HallDay;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A hall-day's lines as its staff see them: per slot, the entries waiting for it in joining order.
 * Read from PostgreSQL, the durable record, rather than the live line in Redis: the live line may
 * be rebuilding, and the staff want who is owed a place, not what a script currently holds.
 */
@Service
class ReadingHallLines {

    private final WaitlistEntries entries;

    ReadingHallLines(WaitlistEntries entries) {
        this.entries = entries;
    }

    /** One slot's line; {@code waiting} in joining order, so an entry's index plus one is its position. */
    record SlotLine(LocalTime start, List<WaitlistEntry> waiting) {}

    /** Slots in time order, only those with someone waiting. */
    Mono<List<SlotLine>> lines(HallDay hallDay) {
        return entries.waitingAt(hallDay).map(ReadingHallLines::bySlot);
    }

    /** An entry wanting several slots stands in each of their lines, as the live line counts it. */
    private static List<SlotLine> bySlot(List<WaitlistEntry> inJoiningOrder) {
        Map<LocalTime, List<WaitlistEntry>> lines = new TreeMap<>();
        for (WaitlistEntry entry : inJoiningOrder) {
            for (LocalTime start : entry.starts()) {
                lines.computeIfAbsent(start, ignored -> new ArrayList<>()).add(entry);
            }
        }
        return lines.entrySet().stream()
                .map(line -> new SlotLine(line.getKey(), List.copyOf(line.getValue())))
                .toList();
    }
}
