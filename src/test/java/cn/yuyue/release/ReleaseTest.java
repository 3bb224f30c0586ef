package cn.yuyue.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReleaseTest {

    private static final Instant OPENS = Instant.parse("2026-12-03T00:00:00Z");
    private static final Duration LEAD = Duration.ofMinutes(30);
    private static final Release RELEASE =
            new Release("r-x", LocalDate.of(2026, 12, 10), OPENS, OPENS.plus(Duration.ofHours(1)), false, "deadline");

    @Test
    void should_be_upcoming_open_then_closed() {
        assertThat(RELEASE.state(OPENS.minusMillis(1))).isEqualTo(Release.State.UPCOMING);
        assertThat(RELEASE.state(OPENS)).isEqualTo(Release.State.OPEN);
        assertThat(RELEASE.state(RELEASE.closesAt())).isEqualTo(Release.State.CLOSED);
    }

    @Test
    void should_open_its_room_the_join_lead_before_the_opening_until_the_close() {
        assertThat(RELEASE.roomOpen(OPENS.minus(LEAD).minusMillis(1), LEAD)).isFalse();
        assertThat(RELEASE.roomOpen(OPENS.minus(LEAD), LEAD)).isTrue();
        assertThat(RELEASE.roomOpen(RELEASE.closesAt().minusMillis(1), LEAD)).isTrue();
        assertThat(RELEASE.roomOpen(RELEASE.closesAt(), LEAD)).isFalse();
    }

    @Test
    void should_overlap_only_rooms_of_the_same_day_that_share_time() {
        Release later = new Release(
                "r-y",
                RELEASE.date(),
                RELEASE.closesAt().plus(LEAD),
                RELEASE.closesAt().plus(LEAD).plus(Duration.ofHours(1)),
                false,
                "");
        Release touching = new Release(
                "r-z",
                RELEASE.date(),
                RELEASE.closesAt().plus(LEAD).minusSeconds(1),
                RELEASE.closesAt().plus(Duration.ofHours(2)),
                false,
                "");
        Release otherDay = new Release("r-w", RELEASE.date().plusDays(1), OPENS, RELEASE.closesAt(), false, "");
        assertThat(RELEASE.overlaps(later, LEAD)).isFalse();
        assertThat(RELEASE.overlaps(touching, LEAD)).isTrue();
        assertThat(RELEASE.overlaps(otherDay, LEAD)).isFalse();
    }

    @Test
    void should_allow_about_as_many_passes_as_places_plus_the_margin() {
        ReleaseProperties properties = new ReleaseProperties(
                new ReleaseProperties.Daily(true),
                LEAD,
                Duration.ofHours(1),
                3,
                10,
                Duration.ofMinutes(2),
                Duration.ofSeconds(1),
                500,
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(15),
                5,
                Duration.ofSeconds(2));
        assertThat(properties.passLimit(0)).isZero();
        assertThat(properties.passLimit(6)).isEqualTo(7);
        assertThat(properties.passLimit(300)).isEqualTo(330);
    }

    @Test
    void should_map_every_pass_refusal_to_a_reason_the_client_can_read() {
        for (String code : List.of("MISSING", "UNKNOWN", "WRONG_PHONE", "EXPIRED", "USED", "IN_USE")) {
            assertThat(RedisRooms.toPassCheck(List.of(code))).isInstanceOf(PassCheck.Refused.class);
        }
        assertThat(RedisRooms.toPassCheck(List.of("GRANTED", "t"))).isEqualTo(new PassCheck.Granted("t"));
        assertThat(RedisRooms.toPassCheck(List.of("NOT_REQUIRED"))).isInstanceOf(PassCheck.NotRequired.class);
    }
}
