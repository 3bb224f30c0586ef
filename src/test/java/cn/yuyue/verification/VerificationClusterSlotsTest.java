package cn.yuyue.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

/** The verification-code scripts touch keys of one phone only, all in one Redis Cluster slot. */
class VerificationClusterSlotsTest {

    @Test
    void should_hash_every_key_of_the_issue_script_to_one_slot() {
        assertThat(RedisVerificationCodes.issueKeys("13800138000", Instant.parse("2026-12-01T02:00:00Z")).stream()
                        .map(SlotHash::getSlot)
                        .distinct())
                .hasSize(1);
    }
}
