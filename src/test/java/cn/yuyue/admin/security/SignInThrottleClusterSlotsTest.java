package cn.yuyue.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

/** The sign-in script touches keys of one account only, all in one Redis Cluster slot. */
class SignInThrottleClusterSlotsTest {

    @Test
    void should_hash_every_key_of_the_attempt_script_to_one_slot() {
        assertThat(SignInThrottle.attemptKeys("admin-34010101", "2001:db8:0:0:0:0:0:1").stream()
                        .map(SlotHash::getSlot)
                        .distinct())
                .hasSize(1);
    }

    @Test
    void should_keep_a_username_that_could_break_the_hash_tag_out_of_the_keys() {
        assertThat(SignInThrottle.attemptKeys("evil}{user", "192.0.2.1").stream()
                        .map(SlotHash::getSlot)
                        .distinct())
                .hasSize(1);
        assertThat(SignInThrottle.keyOf("evil}{user")).doesNotContain("{", "}");
    }
}
