package cn.yuyue.booking.persistence;

import static cn.yuyue.booking.BookingFixtures.freshPhone;
import static cn.yuyue.booking.BookingFixtures.newKey;

import java.time.Duration;
import java.time.Instant;

import cn.yuyue.booking.application.BookerCheck;
import cn.yuyue.platform.local.EmbeddedRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.test.StepVerifier;

/**
 * Every answer of {@code admit-booking.lua} against the real embedded Redis, with time passed in as
 * the application does, without a Spring context.
 */
class RedisBookerChecksIntegrationTest {

    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");

    private static EmbeddedRedisConnection connection;
    private static ReactiveStringRedisTemplate redis;
    private static RedisBookerChecks checks;

    @BeforeAll
    static void connect() {
        connection = EmbeddedRedisConnection.open();
        redis = connection.redis();
        checks = new RedisBookerChecks(redis, Duration.ofSeconds(5));
    }

    @AfterAll
    static void disconnect() {
        connection.close();
    }

    @Test
    void should_admit_a_new_key_and_keep_it_ten_days() {
        String phone = freshPhone();
        String key = newKey();
        StepVerifier.create(checks.check(phone, key, "fp-1", NOW))
                .expectNext(new BookerCheck.Admitted())
                .verifyComplete();
        StepVerifier.create(redis.getExpire(RedisBookerChecks.keys(phone, key).get(1)))
                .expectNextMatches(left -> left.compareTo(Duration.ofDays(10).minusMinutes(1)) > 0
                        && left.compareTo(Duration.ofDays(10)) <= 0)
                .verifyComplete();
    }

    @Test
    void should_admit_the_same_request_again() {
        String phone = freshPhone();
        String key = newKey();
        StepVerifier.create(checks.check(phone, key, "fp-1", NOW))
                .expectNext(new BookerCheck.Admitted())
                .verifyComplete();
        StepVerifier.create(checks.check(phone, key, "fp-1", NOW.plusSeconds(30)))
                .expectNext(new BookerCheck.Admitted())
                .verifyComplete();
    }

    @Test
    void should_refuse_a_key_reused_for_another_request() {
        String phone = freshPhone();
        String key = newKey();
        StepVerifier.create(checks.check(phone, key, "fp-1", NOW))
                .expectNext(new BookerCheck.Admitted())
                .verifyComplete();
        StepVerifier.create(checks.check(phone, key, "fp-2", NOW))
                .expectNext(new BookerCheck.KeyReused())
                .verifyComplete();
    }

    @Test
    void should_let_two_phones_use_the_same_key() {
        String key = newKey();
        StepVerifier.create(checks.check(freshPhone(), key, "fp-1", NOW))
                .expectNext(new BookerCheck.Admitted())
                .verifyComplete();
        StepVerifier.create(checks.check(freshPhone(), key, "fp-2", NOW))
                .expectNext(new BookerCheck.Admitted())
                .verifyComplete();
    }

    @Test
    void should_answer_a_lock_with_its_end_before_a_reused_key() {
        String phone = freshPhone();
        String key = newKey();
        Instant until = NOW.plus(Duration.ofDays(90));
        lock(phone, until);
        StepVerifier.create(checks.check(phone, key, "fp-1", NOW))
                .expectNext(new BookerCheck.Locked(until))
                .verifyComplete();
        StepVerifier.create(checks.check(phone, key, "fp-2", NOW))
                .expectNext(new BookerCheck.Locked(until))
                .verifyComplete();
    }

    @Test
    void should_not_count_a_lock_whose_end_has_passed_but_is_not_evicted_yet() {
        String phone = freshPhone();
        String key = newKey();
        lock(phone, NOW.minusMillis(1));
        StepVerifier.create(checks.check(phone, key, "fp-1", NOW))
                .expectNext(new BookerCheck.Admitted())
                .verifyComplete();
        lock(phone, NOW);
        StepVerifier.create(checks.check(phone, key, "fp-2", NOW))
                .expectNext(new BookerCheck.KeyReused())
                .verifyComplete();
    }

    /** A lock as the no-show rules write it; Redis keeps it a while longer, as a late eviction would. */
    private static void lock(String phone, Instant until) {
        StepVerifier.create(redis.opsForValue()
                        .set(
                                RedisBookerChecks.lockKey(phone),
                                String.valueOf(until.toEpochMilli()),
                                Duration.ofMinutes(5)))
                .expectNext(true)
                .verifyComplete();
    }
}
