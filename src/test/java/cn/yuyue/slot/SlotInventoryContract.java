package cn.yuyue.slot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import cn.yuyue.IntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What every {@link SlotInventory} adapter promises, run against each one with its real store.
 * Hall codes start with 99 so these hall-days never meet the catalogue's.
 */
abstract class SlotInventoryContract extends IntegrationTestSupport {

    private static final AtomicInteger HALLS = new AtomicInteger();
    private static final LocalTime NINE = LocalTime.of(9, 0);
    private static final LocalTime HALF_PAST = LocalTime.of(9, 30);

    protected final FixedSource source = new FixedSource();
    private SlotInventory inventory;
    private HallDay hallDay;

    /** The adapter under test, reading its snapshots from {@code source}. */
    protected abstract SlotInventory inventory(InventorySource source);

    @BeforeEach
    void newHallDay() {
        inventory = inventory(source);
        hallDay = new HallDay(
                String.format(
                        "99%06d",
                        HALLS.incrementAndGet() + ProcessHandle.current().pid() % 1000 * 1000),
                LocalDate.of(2031, 3, 3));
        source.put(
                hallDay,
                new InventorySource.Snapshot(
                        true,
                        List.of(new InventorySource.Capacity(NINE, 2), new InventorySource.Capacity(HALF_PAST, 1)),
                        List.of(),
                        0));
    }

    @Test
    void should_build_on_first_claim_and_hand_out_rising_appointment_numbers() {
        StepVerifier.create(inventory.claim(claim("k1", "T1", NINE)))
                .assertNext(result -> assertThat(result).isEqualTo(new ClaimResult.Claimed(id("k1"), 1)))
                .verifyComplete();
        StepVerifier.create(inventory.claim(claim("k2", "T2", NINE)))
                .assertNext(result -> assertThat(result).isEqualTo(new ClaimResult.Claimed(id("k2"), 2)))
                .verifyComplete();
        assertThat(inventory.remaining(hallDay).block(timeout()))
                .containsEntry(NINE, 0)
                .containsEntry(HALF_PAST, 1);
    }

    @Test
    void should_answer_full_when_no_place_is_left() {
        inventory.claim(claim("k1", "T1", HALF_PAST)).block(timeout());
        StepVerifier.create(inventory.claim(claim("k2", "T2", HALF_PAST)))
                .expectNext(new ClaimResult.Full())
                .verifyComplete();
    }

    @Test
    void should_answer_no_slot_for_a_start_outside_the_plan() {
        StepVerifier.create(inventory.claim(claim("k1", "T1", LocalTime.of(9, 10))))
                .expectNext(new ClaimResult.NoSuchSlot())
                .verifyComplete();
    }

    @Test
    void should_replay_the_same_key_and_body_and_refuse_the_key_with_another_body() {
        inventory.claim(claim("k1", "T1", NINE)).block(timeout());
        StepVerifier.create(inventory.claim(claim("k1", "T1", NINE)))
                .expectNext(new ClaimResult.Replayed(id("k1")))
                .verifyComplete();
        StepVerifier.create(inventory.claim(new PlaceClaim(
                        hallDay,
                        NINE,
                        "T1",
                        "k1",
                        "another-body",
                        id("k1b"),
                        record(id("k1b"), "T1", NINE),
                        Instant.now())))
                .expectNext(new ClaimResult.KeyReused())
                .verifyComplete();
    }

    @Test
    void should_refuse_a_second_active_booking_of_the_same_taxpayer() {
        inventory.claim(claim("k1", "T1", NINE)).block(timeout());
        StepVerifier.create(inventory.claim(claim("k2", "T1", HALF_PAST)))
                .expectNext(new ClaimResult.Duplicate(id("k1")))
                .verifyComplete();
    }

    @Test
    void should_give_the_place_back_when_a_pending_claim_is_released() {
        inventory.claim(claim("k1", "T1", HALF_PAST)).block(timeout());
        assertThat(inventory.release(hallDay, id("k1")).block(timeout())).isTrue();
        assertThat(inventory.release(hallDay, id("k1")).block(timeout())).isFalse();
        assertThat(inventory.record(hallDay, id("k1")).block(timeout())).isEmpty();
        StepVerifier.create(inventory.claim(claim("k1", "T1", HALF_PAST)))
                .expectNextMatches(result -> result instanceof ClaimResult.Claimed)
                .verifyComplete();
    }

    @Test
    void should_keep_a_confirmed_booking_and_return_its_place_once_when_cancelled() {
        inventory.claim(claim("k1", "T1", HALF_PAST)).block(timeout());
        assertThat(inventory.confirm(hallDay, id("k1")).block(timeout())).isTrue();
        assertThat(inventory.release(hallDay, id("k1")).block(timeout())).isFalse();
        assertThat(inventory.record(hallDay, id("k1")).block(timeout()))
                .hasValueSatisfying(json ->
                        assertThat(json).contains("\"status\":\"BOOKED\"").contains("\"appointmentSeq\":1"));

        assertThat(inventory
                        .returnPlace(hallDay, id("k1"), "CANCELLED", Instant.now())
                        .block(timeout()))
                .isTrue();
        assertThat(inventory
                        .returnPlace(hallDay, id("k1"), "CANCELLED", Instant.now())
                        .block(timeout()))
                .isFalse();
        assertThat(inventory.remaining(hallDay).block(timeout())).containsEntry(HALF_PAST, 1);
        StepVerifier.create(inventory.claim(claim("k2", "T1", HALF_PAST)))
                .expectNextMatches(result -> result instanceof ClaimResult.Claimed)
                .verifyComplete();
    }

    @Test
    void should_rebuild_from_the_snapshot_with_its_holders_and_numbers() {
        String holder = "{\"id\":\"" + id("old") + "\",\"start\":\"09:00\",\"taxpayerId\":\"T9\","
                + "\"idempotencyKey\":\"old\",\"fingerprint\":\"fp-old\",\"status\":\"BOOKED\",\"appointmentSeq\":7}";
        source.put(
                hallDay,
                new InventorySource.Snapshot(true, List.of(new InventorySource.Capacity(NINE, 2)), List.of(holder), 7));
        inventory.build(hallDay).block(timeout());
        assertThat(inventory.remaining(hallDay).block(timeout())).containsEntry(NINE, 1);
        StepVerifier.create(inventory.claim(claim("k1", "T9", NINE)))
                .expectNext(new ClaimResult.Duplicate(id("old")))
                .verifyComplete();
        StepVerifier.create(inventory.claim(new PlaceClaim(
                        hallDay, NINE, "T8", "old", "fp-old", id("x"), record(id("x"), "T8", NINE), Instant.now())))
                .expectNext(new ClaimResult.Replayed(id("old")))
                .verifyComplete();
        StepVerifier.create(inventory.claim(claim("k2", "T2", NINE)))
                .expectNext(new ClaimResult.Claimed(id("k2"), 8))
                .verifyComplete();
    }

    @Test
    void should_answer_a_replay_of_a_cancelled_booking_after_a_rebuild_with_that_booking() {
        String cancelled = "{\"id\":\"" + id("gone") + "\",\"start\":\"09:00\",\"taxpayerId\":\"T7\","
                + "\"idempotencyKey\":\"gone\",\"fingerprint\":\"fp-gone\",\"status\":\"CANCELLED\",\"appointmentSeq\":3}";
        source.put(
                hallDay,
                new InventorySource.Snapshot(
                        true, List.of(new InventorySource.Capacity(NINE, 2)), List.of(), 3, List.of(cancelled)));
        inventory.build(hallDay).block(timeout());
        assertThat(inventory.remaining(hallDay).block(timeout())).containsEntry(NINE, 2);
        StepVerifier.create(inventory.claim(new PlaceClaim(
                        hallDay, NINE, "T7", "gone", "fp-gone", id("y"), record(id("y"), "T7", NINE), Instant.now())))
                .expectNext(new ClaimResult.Replayed(id("gone")))
                .verifyComplete();
        assertThat(inventory.record(hallDay, id("gone")).block(timeout()))
                .hasValueSatisfying(json -> assertThat(json).contains("\"status\":\"CANCELLED\""));
        StepVerifier.create(inventory.claim(claim("k1", "T7", NINE)))
                .expectNext(new ClaimResult.Claimed(id("k1"), 4))
                .verifyComplete();
    }

    @Test
    void should_build_a_closed_day_with_no_slots() {
        source.put(
                hallDay,
                new InventorySource.Snapshot(false, List.of(new InventorySource.Capacity(NINE, 2)), List.of(), 0));
        StepVerifier.create(inventory.claim(claim("k1", "T1", NINE)))
                .expectNext(new ClaimResult.NoSuchSlot())
                .verifyComplete();
    }

    @Test
    void should_give_each_place_to_exactly_one_of_many_racing_claims() {
        List<ClaimResult> results = Flux.range(0, 60)
                .flatMap(i -> inventory.claim(claim("race" + i, "R" + i, NINE)), 30)
                .collectList()
                .block(timeout());
        Map<Class<?>, Long> byKind =
                results.stream().collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
        assertThat(byKind).containsEntry(ClaimResult.Claimed.class, 2L).containsEntry(ClaimResult.Full.class, 58L);
        Set<Long> numbers = results.stream()
                .filter(ClaimResult.Claimed.class::isInstance)
                .map(result -> ((ClaimResult.Claimed) result).appointmentSeq())
                .collect(Collectors.toSet());
        assertThat(numbers).containsExactlyInAnyOrder(1L, 2L);
    }

    private PlaceClaim claim(String key, String taxpayer, LocalTime start) {
        return new PlaceClaim(
                hallDay,
                start,
                taxpayer,
                key,
                "fp-" + key + "-" + taxpayer + "-" + start,
                id(key),
                record(id(key), taxpayer, start),
                Instant.now());
    }

    private String id(String key) {
        return hallDay.hallCode() + "-" + key;
    }

    private static String record(String id, String taxpayer, LocalTime start) {
        return "{\"id\":\"" + id + "\",\"start\":\"" + start + "\",\"taxpayerId\":\"" + taxpayer
                + "\",\"taxpayerName\":\"测试\",\"businessTypes\":[\"TAX_FILING\"]}";
    }

    private static Duration timeout() {
        return Duration.ofSeconds(30);
    }

    /** Snapshots the test lays down itself, standing in for PostgreSQL plus Kafka. */
    protected static final class FixedSource implements InventorySource {
        private final Map<HallDay, Snapshot> snapshots = new ConcurrentHashMap<>();

        void put(HallDay hallDay, Snapshot snapshot) {
            snapshots.put(hallDay, snapshot);
        }

        @Override
        public Mono<Snapshot> snapshot(HallDay hallDay) {
            return Mono.justOrEmpty(snapshots.get(hallDay));
        }
    }
}
