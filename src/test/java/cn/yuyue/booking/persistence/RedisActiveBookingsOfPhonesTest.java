package cn.yuyue.booking.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RedisActiveBookingsOfPhonesTest {

    @Test
    void should_read_a_count_as_nothing_held_and_a_refusal_as_the_ids_held_with_their_times() {
        assertThat(RedisActiveBookingsOfPhones.held(List.of("COUNTED"))).isEmpty();
        assertThat(RedisActiveBookingsOfPhones.held(List.of(
                        "AT_CAP",
                        "34010101-20261203-AAAAAAAAAA",
                        "1764720000000",
                        "34010101-20261204-BBBBBBBBBB",
                        "1764720001000")))
                .containsEntry("34010101-20261203-AAAAAAAAAA", Instant.ofEpochMilli(1764720000000L))
                .containsEntry("34010101-20261204-BBBBBBBBBB", Instant.ofEpochMilli(1764720001000L))
                .hasSize(2);
        assertThatThrownBy(() -> RedisActiveBookingsOfPhones.held(List.of("NOPE")))
                .isInstanceOf(IllegalStateException.class);
    }
}
