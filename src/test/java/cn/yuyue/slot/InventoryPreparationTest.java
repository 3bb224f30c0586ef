package cn.yuyue.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import cn.yuyue.platform.Timeouts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class InventoryPreparationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    private final List<HallDay> window = IntStream.range(0, 200)
            .mapToObj(i -> new HallDay(String.format("3401%04d", i), DAY))
            .toList();
    private final CountingInventory inventory = new CountingInventory(
            Set.of(window.get(3), window.get(77), window.get(150)), Set.of(window.get(10)), Set.of(window.get(150)));
    private final InventoryPreparation preparation = new InventoryPreparation(
            null, inventory, Clock.systemUTC(), 7, new SimpleMeterRegistry(), Timeouts.defaults());

    @Test
    void should_check_a_few_hall_days_at_a_time_and_build_only_the_missing_ones() {
        StepVerifier.create(preparation.prepare(window)).expectNext(3L).verifyComplete();

        assertThat(inventory.checked).hasSize(200);
        assertThat(inventory.mostChecksAtOnce.get()).isBetween(2, 8);
        assertThat(inventory.buildsAsked).containsExactlyInAnyOrder(window.get(3), window.get(77), window.get(150));
    }

    @Test
    void should_go_on_past_a_hall_day_that_cannot_be_checked_or_built() {
        StepVerifier.create(preparation.prepare(window)).expectNext(3L).verifyComplete();

        assertThat(inventory.buildsAsked).doesNotContain(window.get(10)).contains(window.get(150));
        assertThat(inventory.checked).contains(window.get(199));
    }

    /** Answers checks after a short delay, so that checks in flight overlap and can be counted. */
    private static final class CountingInventory implements SlotInventory {

        private final Set<HallDay> missing;
        private final Set<HallDay> uncheckable;
        private final Set<HallDay> unbuildable;
        private final Set<HallDay> checked = ConcurrentHashMap.newKeySet();
        private final Set<HallDay> buildsAsked = ConcurrentHashMap.newKeySet();
        private final AtomicInteger checksInFlight = new AtomicInteger();
        private final AtomicInteger mostChecksAtOnce = new AtomicInteger();

        CountingInventory(Set<HallDay> missing, Set<HallDay> uncheckable, Set<HallDay> unbuildable) {
            this.missing = missing;
            this.uncheckable = uncheckable;
            this.unbuildable = unbuildable;
        }

        @Override
        public Mono<Boolean> isBuilt(HallDay hallDay) {
            return Mono.defer(() -> {
                mostChecksAtOnce.accumulateAndGet(checksInFlight.incrementAndGet(), Math::max);
                checked.add(hallDay);
                return Mono.delay(Duration.ofMillis(2))
                        .then(
                                uncheckable.contains(hallDay)
                                        ? Mono.<Boolean>error(new IllegalStateException("Redis did not answer"))
                                        : Mono.just(!missing.contains(hallDay)))
                        .doOnTerminate(checksInFlight::decrementAndGet);
            });
        }

        @Override
        public Mono<Void> build(HallDay hallDay) {
            buildsAsked.add(hallDay);
            return unbuildable.contains(hallDay) ? Mono.error(new IllegalStateException("no barrier")) : Mono.empty();
        }

        @Override
        public Mono<Void> discard(HallDay hallDay) {
            return Mono.empty();
        }

        @Override
        public Mono<ClaimResult> claim(PlaceClaim claim) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Boolean> confirm(HallDay hallDay, String bookingId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Boolean> release(HallDay hallDay, String bookingId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Boolean> returnPlace(HallDay hallDay, String bookingId, String newStatus, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<java.util.List<String>> abandonedClaims(HallDay hallDay, Instant claimedBefore, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Optional<String>> record(HallDay hallDay, String bookingId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Map<LocalTime, Integer>> remaining(HallDay hallDay) {
            throw new UnsupportedOperationException();
        }
    }
}
