package cn.yuyue.booking.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ClaimAdmissionTest {

    private static final Duration TARGET = Duration.ofMillis(50);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private ClaimAdmission admission(int max, int min, Duration target) {
        return new ClaimAdmission(max, min, target, nanos::get);
    }

    private List<ClaimAdmission.Permit> admitAll(ClaimAdmission admission) {
        List<ClaimAdmission.Permit> permits = new ArrayList<>();
        for (Optional<ClaimAdmission.Permit> permit = admission.tryAdmit();
                permit.isPresent();
                permit = admission.tryAdmit()) {
            permits.add(permit.get());
        }
        return permits;
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void should_refuse_beyond_the_bound_and_admit_again_after_a_release() {
        ClaimAdmission admission = admission(10, 2, Duration.ZERO);
        List<ClaimAdmission.Permit> permits = admitAll(admission);

        assertThat(permits).hasSize(10);
        assertThat(admission.tryAdmit()).isEmpty();
        permits.get(0).release(true);
        assertThat(admission.tryAdmit()).isPresent();
    }

    @Test
    void should_count_each_refusal_of_the_bound_for_operators() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClaimAdmission admission = new ClaimAdmission(3, 1, Duration.ZERO, nanos::get, meters);
        List<ClaimAdmission.Permit> permits = admitAll(admission);

        assertThat(admission.refuses()).isTrue();
        assertThat(admission.tryAdmit()).isEmpty();
        permits.get(0).release(true);
        assertThat(admission.refuses()).isFalse();

        // admitAll's last try, the door's refusal and the claim's: three answers of 503.
        assertThat(meters.get("yuyue.booking.claims.refused").counter().count()).isEqualTo(3.0);
    }

    @Test
    void should_keep_a_fixed_bound_when_the_latency_target_is_zero() {
        ClaimAdmission admission = admission(10, 2, Duration.ZERO);
        for (int round = 0; round < 20; round++) {
            List<ClaimAdmission.Permit> permits = admitAll(admission);
            advance(Duration.ofSeconds(2));
            permits.forEach(permit -> permit.release(true));
        }
        assertThat(admission.limit()).isEqualTo(10);
    }

    @Test
    void should_shrink_to_the_minimum_while_claims_are_slower_than_the_target() {
        ClaimAdmission admission = admission(512, 4, TARGET);
        assertThat(admission.limit()).isEqualTo(64);

        for (int round = 0; round < 60; round++) {
            List<ClaimAdmission.Permit> permits = admitAll(admission);
            advance(Duration.ofMillis(200));
            permits.forEach(permit -> permit.release(true));
        }
        assertThat(admission.limit()).isEqualTo(4);
    }

    @Test
    void should_count_a_burst_of_slow_claims_as_one_signal() {
        ClaimAdmission admission = admission(512, 4, TARGET);
        List<ClaimAdmission.Permit> permits = admitAll(admission);
        advance(Duration.ofMillis(200));
        // 64 slow answers at the same moment: one pause (a GC, a slow Redis), one decrease.
        permits.forEach(permit -> permit.release(true));

        assertThat(admission.limit()).isEqualTo(57);
    }

    @Test
    void should_not_shrink_for_single_slow_claims_among_fast_ones() {
        ClaimAdmission admission = admission(512, 4, TARGET);
        for (int claim = 0; claim < 2_000; claim++) {
            // One claim in twenty takes four times the target; the others a fifth of it.
            ClaimAdmission.Permit permit = admission.tryAdmit().orElseThrow();
            advance(Duration.ofMillis(claim % 20 == 0 ? 200 : 10));
            permit.release(true);
        }
        assertThat(admission.limit()).isEqualTo(64);
    }

    @Test
    void should_grow_to_the_maximum_while_busy_claims_are_fast() {
        ClaimAdmission admission = admission(100, 4, TARGET);
        for (int round = 0; round < 200; round++) {
            List<ClaimAdmission.Permit> permits = admitAll(admission);
            advance(Duration.ofMillis(5));
            permits.forEach(permit -> permit.release(true));
        }
        assertThat(admission.limit()).isEqualTo(100);
    }

    @Test
    void should_not_grow_when_the_bound_is_far_from_used() {
        ClaimAdmission admission = admission(512, 4, TARGET);
        for (int claim = 0; claim < 10_000; claim++) {
            ClaimAdmission.Permit permit = admission.tryAdmit().orElseThrow();
            advance(Duration.ofMillis(5));
            permit.release(true);
        }
        assertThat(admission.limit()).isEqualTo(64);
    }

    @Test
    void should_widen_a_bound_that_refuses_while_claims_are_fast() {
        ClaimAdmission admission = admission(512, 4, TARGET);
        measureClaims(admission, 20, Duration.ofMillis(5));
        List<ClaimAdmission.Permit> permits = admitAll(admission);

        // The refusal at the end of admitAll widened the bound once: 64 * 1.25 + 1.
        assertThat(permits).hasSize(64);
        assertThat(admission.limit()).isEqualTo(81);
        // Not again within a fifth of the target, however many are refused.
        admission.tryAdmit().orElseThrow();
        for (int refused = 0; refused < 100; refused++) {
            admitAll(admission);
        }
        assertThat(admission.limit()).isEqualTo(81);
        advance(Duration.ofMillis(10));
        admitAll(admission);
        assertThat(admission.limit()).isEqualTo(102);
    }

    @Test
    void should_widen_on_a_refusal_at_the_door_as_well() {
        ClaimAdmission admission = admission(512, 4, TARGET);
        measureClaims(admission, 20, Duration.ofMillis(5));
        List<ClaimAdmission.Permit> permits = new ArrayList<>();
        for (int claim = 0; claim < 64; claim++) {
            permits.add(admission.tryAdmit().orElseThrow());
        }

        assertThat(admission.refuses()).isTrue();
        assertThat(admission.limit()).isEqualTo(81);
        assertThat(admission.refuses()).isFalse();
    }

    @Test
    void should_not_widen_while_claims_take_half_the_target_or_more() {
        ClaimAdmission admission = admission(512, 4, TARGET);
        measureClaims(admission, 80, Duration.ofMillis(30));
        for (int round = 0; round < 50; round++) {
            admitAll(admission);
            advance(Duration.ofMillis(20));
        }
        assertThat(admission.limit()).isEqualTo(64);
    }

    @Test
    void should_not_widen_before_claims_were_measured() {
        ClaimAdmission admission = admission(512, 4, TARGET);
        for (int round = 0; round < 50; round++) {
            admitAll(admission);
            advance(Duration.ofMillis(20));
        }
        assertThat(admission.limit()).isEqualTo(64);
    }

    /** Claims one at a time, each taking {@code took}: the recent claim time without using the bound. */
    private void measureClaims(ClaimAdmission admission, int count, Duration took) {
        for (int claim = 0; claim < count; claim++) {
            ClaimAdmission.Permit permit = admission.tryAdmit().orElseThrow();
            advance(took);
            permit.release(true);
        }
    }

    @Test
    void should_ignore_claims_whose_client_went_away_and_release_each_permit_once() {
        ClaimAdmission admission = admission(2, 1, TARGET);
        ClaimAdmission.Permit first = admission.tryAdmit().orElseThrow();
        admission.tryAdmit().orElseThrow();
        advance(Duration.ofSeconds(1));
        first.release(false);
        first.release(true);

        assertThat(admission.limit()).isEqualTo(2);
        assertThat(admission.tryAdmit()).isPresent();
        assertThat(admission.tryAdmit()).isEmpty();
    }

    @Test
    void should_refuse_a_minimum_above_the_maximum() {
        assertThatThrownBy(() -> admission(4, 8, TARGET)).isInstanceOf(IllegalArgumentException.class);
    }
}
