package cn.yuyue.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

/** Every room script touches keys of one room only, all in one Redis Cluster slot. */
class RoomTest {

    private final Room room = new Room("r-abcdefghijkm", "34010101");

    @Test
    void should_hash_the_keys_of_every_room_script_to_one_slot() {
        Stream.of(room.forJoin(), room.forAdmit(), room.forRead(), room.forUsePass(), room.forSettlePass())
                .forEach(keys -> assertThat(keys.stream().map(SlotHash::getSlot).distinct())
                        .hasSize(1));
        assertThat(List.of(room.forJoin(), room.forAdmit()).stream()
                        .flatMap(List::stream)
                        .map(SlotHash::getSlot)
                        .distinct())
                .hasSize(1);
    }

    @Test
    void should_keep_rooms_of_different_halls_apart() {
        assertThat(room.meta()).isNotEqualTo(new Room("r-abcdefghijkm", "34010102").meta());
        assertThat(room.meta()).contains("{release:r-abcdefghijkm:34010101}");
    }
}
