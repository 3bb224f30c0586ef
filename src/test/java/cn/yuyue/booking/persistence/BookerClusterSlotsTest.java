package cn.yuyue.booking.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

/**
 * The booker scripts touch keys of one phone only, all in one Redis Cluster slot, and a phone's
 * recent list shares it, so a later script may touch all of a phone's keys at once.
 */
class BookerClusterSlotsTest {

    @Test
    void should_hash_every_key_of_the_admit_script_to_one_slot() {
        for (String phone : List.of("13800138000", "19912345678")) {
            for (String key : List.of("3f1c2d9e-0b7a-4c55-9a43-2e8f6d1b7c90", "retry_1", "x")) {
                List<String> keys = RedisBookerChecks.keys(phone, key);
                assertThat(keys.stream().map(SlotHash::getSlot).distinct())
                        .as("cluster slots of %s", keys)
                        .hasSize(1);
            }
        }
    }

    @Test
    void should_keep_the_recent_list_in_the_slot_of_the_phone_s_other_keys() {
        for (String phone : List.of("13800138000", "19912345678")) {
            assertThat(SlotHash.getSlot(RedisRecentBookings.key(phone)))
                    .isEqualTo(SlotHash.getSlot(RedisBookerChecks.lockKey(phone)));
        }
    }

    @Test
    void should_keep_the_phone_s_active_bookings_in_the_slot_of_its_other_keys() {
        for (String phone : List.of("13800138000", "19912345678")) {
            assertThat(SlotHash.getSlot(RedisActiveBookingsOfPhones.key(phone)))
                    .isEqualTo(SlotHash.getSlot(RedisBookerChecks.lockKey(phone)));
        }
    }
}
