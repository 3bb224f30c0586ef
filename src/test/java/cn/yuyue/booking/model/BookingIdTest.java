package cn.yuyue.booking.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BookingIdTest {

    @Test
    void should_say_which_hall_and_day_it_belongs_to() {
        String id = BookingId.next("34010101", LocalDate.of(2026, 12, 1), new SplittableRandom(7));
        assertThat(id).matches("34010101-20261201-[0-9A-Z]{10}");
        assertThat(BookingId.locate(id)).hasValue(new BookingId.Location("34010101", LocalDate.of(2026, 12, 1)));
    }

    @Test
    void should_not_locate_malformed_ids() {
        assertThat(BookingId.locate("34010101-20261341-ABCDEFGHJK")).isEmpty();
        assertThat(BookingId.locate("../etc/passwd")).isEmpty();
        assertThat(BookingId.locate(null)).isEmpty();
    }

    @Test
    void should_not_repeat() {
        SplittableRandom random = new SplittableRandom(1);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(BookingId.next("34010101", LocalDate.of(2026, 12, 1), random));
        }
        assertThat(ids).hasSize(100_000);
    }

    @Test
    void should_use_every_letter_of_the_alphabet_in_every_position() {
        SplittableRandom random = new SplittableRandom(3);
        List<Set<Character>> seen = new ArrayList<>();
        for (int position = 0; position < 10; position++) {
            seen.add(new HashSet<>());
        }
        for (int i = 0; i < 5_000; i++) {
            String letters = BookingId.next("34010101", LocalDate.of(2026, 12, 1), random)
                    .substring(18);
            for (int position = 0; position < 10; position++) {
                seen.get(position).add(letters.charAt(position));
            }
        }
        assertThat(seen).allSatisfy(letters -> assertThat(letters).hasSize(32));
        assertThat(BookingId.locate(BookingId.next("34010101", LocalDate.of(2026, 12, 1), random)))
                .isPresent();
    }
}
