package cn.yuyue.waitlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import cn.yuyue.slot.ClaimResult;
import org.junit.jupiter.api.Test;

/** The one mapping of the take script's replies to claim results. */
class RedisWaitingLinesTest {

    @Test
    void should_map_a_taken_place_to_a_claim() {
        assertThat(RedisWaitingLines.toClaimResult(List.of("CLAIMED", "B-1", 7L)))
                .isEqualTo(new ClaimResult.Claimed("B-1", 7));
        assertThat(RedisWaitingLines.toClaimResult(List.of("REPLAYED", "B-1")))
                .isEqualTo(new ClaimResult.Replayed("B-1"));
        assertThat(RedisWaitingLines.toClaimResult(List.of("DUPLICATE", "B-2")))
                .isEqualTo(new ClaimResult.Duplicate("B-2"));
        assertThat(RedisWaitingLines.toClaimResult(List.of("NO_SLOT"))).isInstanceOf(ClaimResult.NoSuchSlot.class);
    }

    @Test
    void should_leave_the_place_where_it_is_when_the_entry_may_not_take_it() {
        for (String reply : List.of("GONE", "NOT_HEAD", "NOT_BUILT", "LINE_NOT_BUILT")) {
            assertThat(RedisWaitingLines.toClaimResult(List.of(reply)))
                    .as(reply)
                    .isInstanceOf(ClaimResult.Full.class);
        }
        assertThatThrownBy(() -> RedisWaitingLines.toClaimResult(List.of("SOMETHING")))
                .isInstanceOf(IllegalStateException.class);
    }
}
