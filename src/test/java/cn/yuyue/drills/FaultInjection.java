package cn.yuyue.drills;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.platform.TestClock;
import cn.yuyue.slot.ClaimResult;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.InventorySource;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.PlaceClaim;
import cn.yuyue.slot.SlotInventory;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Mono;

/**
 * Faults between the steps of a booking, for drills on real servers: the booking path is given
 * decorators of the real Kafka publisher and the real Redis inventory that, when armed, lose a
 * reply after the real step ran or fail a step before it runs. Each fault fires a set number of
 * times, then the decorators pass everything through.
 *
 * <p>For the other transitions (cancel, check-in, no-show, reschedule, withdrawal) a fault is armed
 * for one kind of event ({@link #transition}): its acknowledgement lost after the write, or the
 * first Redis step naming its booking after the acknowledgement failing. An instance in its own
 * JVM loads this configuration with {@code --spring.main.sources=cn.yuyue.drills.FaultInjection}
 * and dies ({@code Runtime.halt}) right after Kafka acknowledged the event named by
 * {@code drill.halt-after-ack} (for the hall {@code drill.halt-hall}): a real process death between
 * the durable step and the Redis step. {@code drill.clock-offset-seconds} moves its clock.
 */
@TestConfiguration(proxyBeanMethods = false)
class FaultInjection {

    /** The next confirmations are written to Kafka, but their acknowledgement is lost. */
    static final AtomicInteger CONFIRM_ACKS_LOST = new AtomicInteger();
    /** The next confirmations and their abandonment markers never reach Kafka. */
    static final AtomicInteger EVENTS_REFUSED = new AtomicInteger();
    /** The next claims run in Redis, but their reply is lost. */
    static final AtomicInteger CLAIM_REPLIES_LOST = new AtomicInteger();
    /** The next settlements of a confirmed claim fail before Redis sees them. */
    static final AtomicInteger SETTLES_FAILED = new AtomicInteger();

    /** What a transition fault does after the real Kafka write. */
    enum Fault {
        ACK_LOST,
        REDIS_STEP_FAILS
    }

    /** An armed transition fault: the event it waits for ({@link #transition}) and what it does. */
    record Armed(String transition, String hallCode, Fault fault) {}

    /** The next transition fault, fired once. */
    static final AtomicReference<Armed> TRANSITION_FAULT = new AtomicReference<>();
    /** Booking ids whose next Redis step fails (set once their event is acknowledged). */
    static final Set<String> REDIS_STEPS_FAILING = ConcurrentHashMap.newKeySet();
    /** Redis steps that failed as armed, for the drills to see that the fault fired. */
    static final AtomicInteger REDIS_STEPS_FAILED = new AtomicInteger();

    /** The name drills use for an event: its type, and for a cancellation its new status. */
    static String transition(BookingEvent event) {
        String name = event.getClass().getSimpleName();
        return event instanceof BookingEvent.BookingCancelled cancelled ? name + ":" + cancelled.status() : name;
    }

    @Bean
    @Primary
    BookingEvents faultyEvents(ObjectProvider<BookingEvents> all, Environment environment) {
        BookingEvents real = all.stream()
                .filter(events -> !(events instanceof FaultyEvents))
                .findFirst()
                .orElseThrow();
        return new FaultyEvents(
                real,
                environment.getProperty("drill.halt-after-ack", ""),
                environment.getProperty("drill.halt-hall", ""));
    }

    @Bean
    @Primary
    LiveBookings faultyLiveBookings(ObjectProvider<LiveBookings> all) {
        LiveBookings real = all.stream()
                .filter(live -> !(live instanceof FaultyLive))
                .findFirst()
                .orElseThrow();
        return new FaultyLive(real);
    }

    /** The system clock, moved by {@code drill.clock-offset-seconds} (0 unless set); tests may move it further. */
    @Bean
    @Primary
    TestClock drillClock(Environment environment) {
        TestClock clock = new TestClock();
        long offset = environment.getProperty("drill.clock-offset-seconds", Long.class, 0L);
        if (offset != 0) {
            clock.setNow(java.time.ZonedDateTime.now(clock.getZone()).plusSeconds(offset));
        }
        return clock;
    }

    @Bean
    @Primary
    SlotInventory faultyInventory(RedisSlotInventory real) {
        return new FaultyInventory(real);
    }

    static void disarm() {
        CONFIRM_ACKS_LOST.set(0);
        EVENTS_REFUSED.set(0);
        CLAIM_REPLIES_LOST.set(0);
        SETTLES_FAILED.set(0);
        TRANSITION_FAULT.set(null);
        REDIS_STEPS_FAILING.clear();
        REDIS_STEPS_FAILED.set(0);
    }

    /**
     * Fails the step, once, if the booking's Redis step is armed to fail when it runs (not when the
     * chain is assembled: use cases assemble the Redis step before the Kafka step it follows).
     */
    private static <T> Mono<T> failingFor(String bookingId, Mono<T> step) {
        return Mono.defer(() -> {
            if (REDIS_STEPS_FAILING.remove(bookingId)) {
                REDIS_STEPS_FAILED.incrementAndGet();
                return Mono.error(new IllegalStateException("drill: Redis step failed after the Kafka ack"));
            }
            return step;
        });
    }

    private static boolean fire(AtomicInteger fault) {
        return fault.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    private record FaultyEvents(BookingEvents real, String haltAfter, String haltHall) implements BookingEvents {

        @Override
        public java.time.Duration appendHorizon() {
            return real.appendHorizon();
        }

        @Override
        public Mono<Void> publish(BookingEvent event) {
            String transition = transition(event);
            if (transition.equals(haltAfter) && (haltHall.isEmpty() || haltHall.equals(event.hallCode()))) {
                // A real process death between the durable step and the next: no finally, no shutdown hook.
                return real.publish(event)
                        .then(Mono.fromRunnable(() -> Runtime.getRuntime().halt(137)));
            }
            Armed armed = TRANSITION_FAULT.get();
            if (armed != null
                    && armed.transition().equals(transition)
                    && armed.hallCode().equals(event.hallCode())
                    && TRANSITION_FAULT.compareAndSet(armed, null)) {
                return switch (armed.fault()) {
                    case ACK_LOST ->
                        real.publish(event)
                                .then(Mono.error(new IllegalStateException(
                                        "drill: acknowledgement of " + transition + " lost")));
                    case REDIS_STEP_FAILS ->
                        real.publish(event).then(Mono.fromRunnable(() -> REDIS_STEPS_FAILING.add(event.bookingId())));
                };
            }
            boolean confirmation = event instanceof BookingEvent.BookingConfirmed;
            if (confirmation && fire(EVENTS_REFUSED)) {
                // The marker that follows this failure is refused too.
                EVENTS_REFUSED.incrementAndGet();
                return Mono.error(new IllegalStateException("drill: Kafka refused the confirmation"));
            }
            if (event instanceof BookingEvent.BookingClaimAbandoned && fire(EVENTS_REFUSED)) {
                return Mono.error(new IllegalStateException("drill: Kafka refused the marker"));
            }
            if (confirmation && fire(CONFIRM_ACKS_LOST)) {
                return real.publish(event).then(Mono.error(new IllegalStateException("drill: acknowledgement lost")));
            }
            return real.publish(event);
        }
    }

    private record FaultyInventory(SlotInventory real) implements SlotInventory {

        @Override
        public Mono<ClaimResult> claim(PlaceClaim claim) {
            if (fire(CLAIM_REPLIES_LOST)) {
                return real.claim(claim).then(Mono.error(new IllegalStateException("drill: claim reply lost")));
            }
            return real.claim(claim);
        }

        @Override
        public Mono<Boolean> confirm(HallDay hallDay, String bookingId) {
            if (fire(SETTLES_FAILED)) {
                return Mono.error(new IllegalStateException("drill: settle failed"));
            }
            return real.confirm(hallDay, bookingId);
        }

        @Override
        public Mono<Boolean> release(HallDay hallDay, String bookingId) {
            return real.release(hallDay, bookingId);
        }

        @Override
        public Mono<List<String>> abandonedClaims(HallDay hallDay, Instant claimedBefore, int limit) {
            return real.abandonedClaims(hallDay, claimedBefore, limit);
        }

        @Override
        public Mono<Boolean> returnPlace(HallDay hallDay, String bookingId, String newStatus, Instant now) {
            return failingFor(bookingId, real.returnPlace(hallDay, bookingId, newStatus, now));
        }

        @Override
        public Mono<Optional<String>> record(HallDay hallDay, String bookingId) {
            return real.record(hallDay, bookingId);
        }

        @Override
        public Mono<Map<LocalTime, Integer>> remaining(HallDay hallDay) {
            return real.remaining(hallDay);
        }

        @Override
        public Mono<Boolean> isBuilt(HallDay hallDay) {
            return real.isBuilt(hallDay);
        }

        @Override
        public Mono<Void> build(HallDay hallDay) {
            return real.build(hallDay);
        }

        @Override
        public Mono<Void> discard(HallDay hallDay) {
            return real.discard(hallDay);
        }
    }

    private record FaultyLive(LiveBookings real) implements LiveBookings {

        @Override
        public Mono<List<String>> records(HallDay hallDay) {
            return real.records(hallDay);
        }

        @Override
        public Mono<Optional<String>> changeStatus(
                HallDay hallDay, String bookingId, String from, String to, Instant now) {
            return failingFor(bookingId, real.changeStatus(hallDay, bookingId, from, to, now));
        }

        @Override
        public Mono<List<String>> markNoShows(HallDay hallDay, LocalTime endedBy, Instant now) {
            return real.markNoShows(hallDay, endedBy, now);
        }

        @Override
        public Mono<Void> noShowRecorded(HallDay hallDay, String bookingId) {
            return failingFor(bookingId, real.noShowRecorded(hallDay, bookingId));
        }

        @Override
        public Mono<Hold> hold(
                HallDay hallDay, LocalTime start, String bookingId, String taxpayerId, String record, Instant now) {
            return real.hold(hallDay, start, bookingId, taxpayerId, record, now);
        }

        @Override
        public Mono<Boolean> settleHold(HallDay hallDay, String bookingId, boolean accept, Instant now) {
            return failingFor(bookingId, real.settleHold(hallDay, bookingId, accept, now));
        }

        @Override
        public Mono<Adjustment> adjust(HallDay hallDay, List<InventorySource.Capacity> plan) {
            return real.adjust(hallDay, plan);
        }
    }
}
