package cn.yuyue.warmup;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the warm-up's requests were answered, by HTTP status; {@link #NO_ANSWER} counts requests
 * that failed or timed out. Its text goes into the start-up log.
 */
final class WarmupReport {

    /** The pseudo-status of a request without an answer (connection failure or timeout). */
    static final int NO_ANSWER = 0;

    private final Map<Integer, AtomicInteger> bookings = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> reads = new ConcurrentHashMap<>();
    private volatile String stoppedBy;
    private volatile String unprepared;

    void booking(int status) {
        bookings.computeIfAbsent(status, any -> new AtomicInteger()).incrementAndGet();
    }

    void read(int status) {
        reads.computeIfAbsent(status, any -> new AtomicInteger()).incrementAndGet();
    }

    /** The traffic ended early: the time limit, or the scratch hall-day could not be prepared. */
    void stopped(Throwable cause) {
        stoppedBy = cause.toString();
    }

    /** The scratch hall-day could not be built in advance; the attempts went ahead without it. */
    void unprepared(Throwable cause) {
        unprepared = cause.toString();
    }

    boolean complete() {
        return stoppedBy == null;
    }

    int bookings(int status) {
        AtomicInteger count = bookings.get(status);
        return count == null ? 0 : count.get();
    }

    @Override
    public String toString() {
        return "booking attempts by status " + sorted(bookings) + ", reads by status " + sorted(reads)
                + (unprepared == null ? "" : ", scratch hall-day not built in advance: " + unprepared)
                + (stoppedBy == null ? "" : ", stopped early by " + stoppedBy);
    }

    private static Map<Integer, Integer> sorted(Map<Integer, AtomicInteger> counts) {
        Map<Integer, Integer> sorted = new TreeMap<>();
        counts.forEach((status, count) -> sorted.put(status, count.get()));
        return sorted;
    }
}
