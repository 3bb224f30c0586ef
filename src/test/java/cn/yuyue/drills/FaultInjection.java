package cn.yuyue.drills;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.slot.ClaimResult;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.PlaceClaim;
import cn.yuyue.slot.SlotInventory;
import cn.yuyue.slot.redis.RedisSlotInventory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

/**
 * Faults between the steps of a booking, for drills on real servers: the booking path is given
 * decorators of the real Kafka publisher and the real Redis inventory that, when armed, lose a
 * reply after the real step ran or fail a step before it runs. Each fault fires a set number of
 * times, then the decorators pass everything through.
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

    @Bean
    @Primary
    BookingEvents faultyEvents(ObjectProvider<BookingEvents> all) {
        BookingEvents real = all.stream().filter(events -> !(events instanceof FaultyEvents)).findFirst().orElseThrow();
        return new FaultyEvents(real);
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
    }

    private static boolean fire(AtomicInteger fault) {
        return fault.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    private record FaultyEvents(BookingEvents real) implements BookingEvents {

        @Override
        public Mono<Void> publish(BookingEvent event) {
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
            return real.returnPlace(hallDay, bookingId, newStatus, now);
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
}
