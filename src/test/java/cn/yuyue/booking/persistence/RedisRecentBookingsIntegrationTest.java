package cn.yuyue.booking.persistence;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import cn.yuyue.platform.local.EmbeddedRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@code remember-recent-booking.lua} against the real embedded Redis, without a Spring context. */
class RedisRecentBookingsIntegrationTest {

    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");

    private static EmbeddedRedisConnection connection;
    private static ReactiveStringRedisTemplate redis;
    private static RedisRecentBookings recent;

    @BeforeAll
    static void connect() {
        connection = EmbeddedRedisConnection.open();
        redis = connection.redis();
        recent = new RedisRecentBookings(redis, Duration.ofSeconds(5));
    }

    @AfterAll
    static void disconnect() {
        connection.close();
    }

    @Test
    void should_list_the_newest_first_and_keep_the_list_ten_days() {
        String phone = freshPhone();
        StepVerifier.create(recent.remember(phone, "older", NOW)).verifyComplete();
        StepVerifier.create(recent.remember(phone, "newer", NOW.plusSeconds(1))).verifyComplete();

        StepVerifier.create(recent.of(phone)).expectNext("newer", "older").verifyComplete();
        StepVerifier.create(redis.getExpire(RedisRecentBookings.key(phone)))
                .expectNextMatches(left -> left.compareTo(Duration.ofDays(10).minusMinutes(1)) > 0
                        && left.compareTo(Duration.ofDays(10)) <= 0)
                .verifyComplete();
    }

    @Test
    void should_keep_only_the_fifty_newest() {
        String phone = freshPhone();
        StepVerifier.create(Flux.range(0, 60).concatMap(i -> recent.remember(phone, "b" + i, NOW.plusSeconds(i))))
                .verifyComplete();
        List<String> newestFirst = IntStream.iterate(59, i -> i >= 10, i -> i - 1)
                .mapToObj(i -> "b" + i)
                .toList();

        StepVerifier.create(redis.opsForZSet().size(RedisRecentBookings.key(phone)))
                .expectNext(50L)
                .verifyComplete();
        StepVerifier.create(recent.of(phone).collectList())
                .assertNext(listed -> assertThat(listed).isEqualTo(newestFirst))
                .verifyComplete();
    }
}
