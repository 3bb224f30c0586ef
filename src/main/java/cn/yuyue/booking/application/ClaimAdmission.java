package cn.yuyue.booking.application;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * A bound on the claims one instance has in flight. At a peak, a request beyond it is refused at
 * once with 503 TRY_LATER (nothing booked) instead of queueing behind the others: admitted claims
 * keep their latency, and the refused agents hear "try later" in milliseconds, not after a timeout.
 */
@Component
public class ClaimAdmission {

    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();

    ClaimAdmission(BookingProperties properties, MeterRegistry meters) {
        this.limit = properties.maxClaimsInFlight();
        Gauge.builder("yuyue.booking.claims.in.flight", inFlight, AtomicInteger::get)
                .description("Booking claims between admission and answer").register(meters);
    }

    /** Takes a place in the bound; every true answer must be followed by one {@link #release()}. */
    public boolean tryAdmit() {
        while (true) {
            int current = inFlight.get();
            if (current >= limit) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    public void release() {
        inFlight.decrementAndGet();
    }

    public int limit() {
        return limit;
    }
}
