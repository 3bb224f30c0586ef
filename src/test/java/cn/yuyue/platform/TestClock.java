package cn.yuyue.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock, shifted by an offset a test can set: rules about "three hours before the slot"
 * are tested by moving time, not by waiting for it. Tests that move it reset it when done.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public ZoneId getZone() {
        return ProvinceTime.ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset.get());
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    /** Moves "now" to the given province time. */
    public void setNow(ZonedDateTime now) {
        offset.set(Duration.between(Instant.now(), now.toInstant()));
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }
}
