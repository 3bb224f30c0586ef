package cn.yuyue.booking.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AppointmentNumberTest {

    @Test
    void should_read_as_a_letter_and_three_digits() {
        assertThat(AppointmentNumber.format(1)).isEqualTo("A001");
        assertThat(AppointmentNumber.format(999)).isEqualTo("A999");
        assertThat(AppointmentNumber.format(1000)).isEqualTo("B001");
        assertThat(AppointmentNumber.format(999 * 8 + 1)).isEqualTo("J001");
    }

    @Test
    void should_parse_what_it_formats_whatever_the_case() {
        for (long seq : new long[] {1, 57, 999, 1000, 12345}) {
            assertThat(AppointmentNumber.parse(AppointmentNumber.format(seq).toLowerCase()))
                    .isEqualTo(seq);
        }
        assertThat(AppointmentNumber.parse("I001")).isEqualTo(-1);
        assertThat(AppointmentNumber.parse("A000")).isEqualTo(-1);
        assertThat(AppointmentNumber.parse("A12")).isEqualTo(-1);
    }

    @Test
    void should_refuse_sequences_out_of_range() {
        assertThatThrownBy(() -> AppointmentNumber.format(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
