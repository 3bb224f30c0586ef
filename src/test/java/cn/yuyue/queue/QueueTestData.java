package cn.yuyue.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import cn.yuyue.platform.ProvinceTime;

/** Values the queue tests share: default settings, a clock that tests move, states. */
final class QueueTestData {

    private QueueTestData() {}

    static QueueProperties defaults() {
        return new QueueProperties(
                Duration.ofMinutes(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                6,
                Map.of("发票业务", 4.0),
                Duration.ofDays(7),
                Duration.ofSeconds(3),
                20);
    }

    static PushedState state(String hallCode, long sequence, Instant receivedAt) {
        return new PushedState(
                hallCode,
                sequence,
                OffsetDateTime.ofInstant(receivedAt, ProvinceTime.ZONE),
                receivedAt,
                List.of(new PushedState.Group("综合业务", (int) (sequence % 50), 3, 10)));
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ProvinceTime.ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
