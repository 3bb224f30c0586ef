package cn.yuyue.platform.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the streams open on this instance, in all and per client, and refuses one beyond either
 * cap. In memory on purpose: what a stream costs is this instance's memory and connections, and
 * the count must not depend on Redis being reachable.
 */
final class OpenStreams {

    /** Whether a stream may open; {@link #OPENED} obliges the caller to {@link #close} it. */
    enum Admission {
        OPENED,
        CLIENT_FULL,
        INSTANCE_FULL
    }

    private final int perClient;
    private final int perInstance;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perClientOpen = new ConcurrentHashMap<>();

    OpenStreams(int perClient, int perInstance) {
        this.perClient = perClient;
        this.perInstance = perInstance;
    }

    Admission open(String client) {
        if (total.incrementAndGet() > perInstance) {
            total.decrementAndGet();
            return Admission.INSTANCE_FULL;
        }
        boolean[] admitted = new boolean[1];
        // compute() runs atomically per key, so the count and the removal of an idle entry never race.
        perClientOpen.compute(client, (key, open) -> {
            AtomicInteger count = open == null ? new AtomicInteger() : open;
            admitted[0] = count.get() < perClient;
            if (admitted[0]) {
                count.incrementAndGet();
            }
            return count.get() == 0 ? null : count;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return Admission.CLIENT_FULL;
        }
        return Admission.OPENED;
    }

    void close(String client) {
        perClientOpen.computeIfPresent(client, (key, open) -> open.decrementAndGet() <= 0 ? null : open);
        total.decrementAndGet();
    }

    int total() {
        return total.get();
    }

    int of(String client) {
        AtomicInteger open = perClientOpen.get(client);
        return open == null ? 0 : open.get();
    }
}
