package cn.yuyue.booking.application;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A bound on the claims one instance has in flight, which adapts to how long claims take. At a
 * peak, a request beyond the bound is refused at once with 503 TRY_LATER (nothing booked) instead
 * of queueing behind the others, so admitted claims keep their latency and the refused agents hear
 * "try later" in milliseconds, not after a timeout.
 *
 * <p>A fixed bound only limits how many claims wait, not how long: 512 claims on a saturated
 * 2-core instance queue for seconds before the bound refuses anything. So the bound moves like a
 * TCP window (additive increase, multiplicative decrease) on the recent claim time, an average
 * that follows the last twenty or so claims: while it is above
 * {@code yuyue.booking.claim-latency-target} the bound shrinks by 10% (at most once per target
 * interval, so one slow burst counts once); while it is below, claims grow the bound by about one
 * per round of claims when it is actually in use. The average, not each claim, decides: single
 * slow claims are normal and refusing agents for them would turn spare capacity into "try later".
 *
 * <p>That growth is slow, and it only happens while the bound is half used, which a fast instance
 * rarely shows: a short stall (a collection, a busy core) lets a burst of requests in at once,
 * and a bound shrunk earlier (say by a cold start) refuses that burst although claims are fast.
 * So a refusal while the recent claim time is under half the target widens the bound by a quarter,
 * at most once per fifth of the target: the bound, not the instance, was the limit then.
 *
 * <p>The bound stays between {@code min-claims-in-flight} and {@code max-claims-in-flight}. A target
 * of 0 turns the adaptation off: the bound is then the fixed maximum.
 */
@Component
public class ClaimAdmission {

    private static final double DECREASE = 0.9;
    /** Weight of the newest claim in the recent claim time: about the last twenty claims count. */
    private static final double RECENT = 0.05;
    /** Claims measured before the recent claim time is trusted to widen the bound. */
    private static final int TRUSTED_AFTER = 20;

    private static final double WIDEN = 1.25;

    private final int max;
    private final int min;
    private final long targetNanos;
    private final LongSupplier nanoTime;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double limit;
    private long lastDecrease;
    private final AtomicLong lastWidened = new AtomicLong();
    private volatile double recentNanos;
    private volatile int claimsMeasured;
    private final Timer claimTime;
    private final Counter refused;

    @Autowired
    ClaimAdmission(BookingProperties properties, MeterRegistry meters) {
        this(
                properties.maxClaimsInFlight(),
                properties.minClaimsInFlight(),
                properties.claimLatencyTarget(),
                System::nanoTime,
                meters);
        Gauge.builder("yuyue.booking.claims.in.flight", inFlight, AtomicInteger::get)
                .description("Booking claims between admission and answer")
                .register(meters);
        Gauge.builder("yuyue.booking.claims.limit", this, ClaimAdmission::limit)
                .description("The current bound on booking claims in flight")
                .register(meters);
    }

    ClaimAdmission(int max, int min, Duration target, LongSupplier nanoTime) {
        this(max, min, target, nanoTime, new SimpleMeterRegistry());
    }

    ClaimAdmission(int max, int min, Duration target, LongSupplier nanoTime, MeterRegistry meters) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException(
                    "Need 1 <= min-claims-in-flight <= max-claims-in-flight, got " + min + " and " + max);
        }
        this.max = max;
        this.min = min;
        this.targetNanos = target.toNanos();
        this.nanoTime = nanoTime;
        // Adaptive: start in the middle of the range rather than at the top, so the first burst of
        // a storm is not admitted wholesale before anything has been measured.
        this.limit = adaptive() ? Math.max(min, Math.min(max, 64)) : max;
        this.lastDecrease = nanoTime.getAsLong();
        this.lastWidened.set(lastDecrease);
        this.claimTime = Timer.builder("yuyue.booking.claims.time")
                .description("Admission to answer of the claims the bound learns from (not those whose client left)")
                .register(meters);
        // Apart from the 503s of a store that failed (the same TRY_LATER code to the client): an
        // operator alerts on those, and scales out on these.
        this.refused = Counter.builder("yuyue.booking.claims.refused")
                .description("Bookings answered 503 TRY_LATER because the instance's claim bound was full")
                .register(meters);
    }

    /** A place in the bound, or empty when the instance is full. Every permit must be released once. */
    public Optional<Permit> tryAdmit() {
        while (true) {
            int current = inFlight.get();
            if (current >= (int) limit) {
                refused.increment();
                widenIfClaimsAreFast();
                return Optional.empty();
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return Optional.of(new Permit(nanoTime.getAsLong(), current + 1));
            }
        }
    }

    /**
     * Whether a booking arriving now is refused, without taking a place in the bound. The door of
     * the booking endpoint asks this before reading a request at all, so an overload is refused
     * for the cost of its headers; like any refusal, it may widen the bound.
     */
    public boolean refuses() {
        if (inFlight.get() < (int) limit) {
            return false;
        }
        refused.increment();
        widenIfClaimsAreFast();
        return true;
    }

    /** The answer to a booking refused by the bound: 503 TRY_LATER, nothing booked. */
    public static BookingOutcome.Rejected refusal() {
        return new BookingOutcome.Rejected(
                BookingRejection.TRY_LATER,
                "Too many bookings at this moment; nothing was booked, please try again shortly");
    }

    public int limit() {
        return (int) limit;
    }

    private boolean adaptive() {
        return targetNanos > 0;
    }

    /** Called on every refusal, so it stays cheap: volatile reads only, unless the bound is widened. */
    private void widenIfClaimsAreFast() {
        if (!adaptive() || claimsMeasured < TRUSTED_AFTER || recentNanos >= targetNanos / 2.0) {
            return;
        }
        long now = nanoTime.getAsLong();
        long last = lastWidened.get();
        if (now - last >= targetNanos / 5 && lastWidened.compareAndSet(last, now)) {
            synchronized (this) {
                limit = Math.min(max, limit * WIDEN + 1);
            }
        }
    }

    private synchronized void sample(long tookNanos, int inFlightAtStart, boolean measured) {
        if (!adaptive() || !measured) {
            return;
        }
        long now = nanoTime.getAsLong();
        recentNanos += RECENT * (tookNanos - recentNanos);
        if (claimsMeasured < TRUSTED_AFTER) {
            claimsMeasured++;
        }
        if (recentNanos > targetNanos) {
            if (now - lastDecrease >= targetNanos) {
                limit = Math.max(min, limit * DECREASE);
                lastDecrease = now;
            }
        } else if (inFlightAtStart * 2 >= limit) {
            // Grow only when the bound is in use: an idle evening must not raise it to the maximum.
            limit = Math.min(max, limit + 1 / limit);
        }
    }

    /** One admitted claim. */
    public final class Permit {

        private final long admittedAt;
        private final int inFlightAtStart;
        private boolean released;

        private Permit(long admittedAt, int inFlightAtStart) {
            this.admittedAt = admittedAt;
            this.inFlightAtStart = inFlightAtStart;
        }

        /**
         * Gives the place back. {@code measured} says whether the claim ran to its answer; a claim
         * whose client went away says nothing about how long claims take.
         */
        public void release(boolean measured) {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            inFlight.decrementAndGet();
            long took = nanoTime.getAsLong() - admittedAt;
            if (measured) {
                claimTime.record(took, TimeUnit.NANOSECONDS);
            }
            sample(took, inFlightAtStart, measured);
        }
    }
}
