package cn.yuyue.booking.application;

import java.util.UUID;
import java.util.random.RandomGenerator;

/** Random event ids drawn from an already seeded generator (no /dev/urandom read on the event loop). */
public final class EventIds {

    private EventIds() {}

    public static String next(RandomGenerator random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
