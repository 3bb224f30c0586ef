package cn.yuyue.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the service waits for one remote call or one background round before it gives up,
 * under {@code yuyue.timeouts}. Grouped by what they bound, not by the class that waits: raising
 * {@code postgres} raises every single PostgreSQL statement of the staff console and the booking
 * record at once. A feature whose calls have a limit of its own ({@code yuyue.queue.store-timeout},
 * {@code yuyue.waitlist.store-timeout}, {@code yuyue.release.timeout}, ...) keeps it there.
 *
 * @param redis            one Redis command of the staff console and the background flows: staff
 *                         sessions, booker locks, the live bookings of a hall-day, the no-show
 *                         sweep's lease, the booking SMS's send-once marker (the claim path's own
 *                         Redis calls follow {@code spring.data.redis.timeout})
 * @param backgroundRedis  one Redis command of the booker-lock restore, which runs in the
 *                         background and would rather wait for a slow Redis than lose its round
 * @param rateLimit        one rate-limit count in Redis; short because it is on the path of every
 *                         request, and a limit that cannot be counted lets the request through
 * @param postgres         one PostgreSQL statement: the booking record, check-in, staff accounts,
 *                         the audit log, schedule edits, reschedule proposals, booker locks, and
 *                         every statement of the PostgreSQL inventory
 *                         ({@code yuyue.inventory.store=postgres})
 * @param postgresWrite    one write of the event writer to PostgreSQL: a batch of booking events in
 *                         one transaction, or one quarantined event
 * @param postgresBulkRead one PostgreSQL read of a whole set: every booker lock in force, read to
 *                         put them back into Redis after it lost its memory
 * @param report           the query of one daily report
 * @param kafkaHealth      one question of the health indicator to Kafka (cluster description); the
 *                         check as a whole gets a second more
 * @param writerLag        one question to Kafka's admin client about the event writer's lag
 * @param sms              one SMS sent while a member of staff waits for the answer (a reschedule
 *                         proposal); past it the proposal stands and the SMS is given up
 * @param backgroundSms    one SMS sent by a background flow (a waitlist entry's expiry), message
 *                         rendering included; past it the SMS is given up
 * @param drain            how long a no-show sweep waits for the event writer to persist every
 *                         event Kafka holds before it decides strikes on the durable record
 * @param requestDrain     the same wait when a taxpayer declines, or answers too late, a reschedule
 *                         (and when one expires): shorter, because someone waits for the answer
 * @param catalogueStartup how long seeding and loading the hall catalogue at start-up may take,
 *                         retries included, before the application refuses to start
 * @param backgroundRound  one round of a periodic flow that works through many hall-days, bookings
 *                         or locks: the no-show sweep, the abandoned-claim sweep, the restores after
 *                         Redis lost its memory, the re-plan of built days, reschedule expiry,
 *                         serving the waitlists; far above a healthy round, only a hung one meets it
 * @param shortRound       one round of a periodic flow that is a single read or a pass over memory:
 *                         the queue staleness sweep, the release calendar refresh, the refresh of the
 *                         waitlisted hall-days
 * @param admissionRound   one round of the waiting-room admissions; above one that waits for a
 *                         hall-day's first build behind a lagging writer, short enough that the
 *                         rooms move again soon after a hang
 * @param longRound        one round of a periodic flow that may run for long when healthy: the
 *                         inventory preparation refilling an empty Redis, the waitlist expiry ending
 *                         up to a thousand entries with an SMS each (a round cut short can lose an SMS)
 */
@ConfigurationProperties("yuyue.timeouts")
public record Timeouts(
        @DefaultValue("2s") Duration redis,
        @DefaultValue("5s") Duration backgroundRedis,
        @DefaultValue("500ms") Duration rateLimit,
        @DefaultValue("5s") Duration postgres,
        @DefaultValue("10s") Duration postgresWrite,
        @DefaultValue("30s") Duration postgresBulkRead,
        @DefaultValue("10s") Duration report,
        @DefaultValue("3s") Duration kafkaHealth,
        @DefaultValue("30s") Duration writerLag,
        @DefaultValue("5s") Duration sms,
        @DefaultValue("10s") Duration backgroundSms,
        @DefaultValue("30s") Duration drain,
        @DefaultValue("20s") Duration requestDrain,
        @DefaultValue("90s") Duration catalogueStartup,
        @DefaultValue("10m") Duration backgroundRound,
        @DefaultValue("1m") Duration shortRound,
        @DefaultValue("2m") Duration admissionRound,
        @DefaultValue("30m") Duration longRound) {

    /** A timeout of zero or less would fail every call at once: refused at start-up instead. */
    public Timeouts {
        positive("redis", redis);
        positive("background-redis", backgroundRedis);
        positive("rate-limit", rateLimit);
        positive("postgres", postgres);
        positive("postgres-write", postgresWrite);
        positive("postgres-bulk-read", postgresBulkRead);
        positive("report", report);
        positive("kafka-health", kafkaHealth);
        positive("writer-lag", writerLag);
        positive("sms", sms);
        positive("background-sms", backgroundSms);
        positive("drain", drain);
        positive("request-drain", requestDrain);
        positive("catalogue-startup", catalogueStartup);
        positive("background-round", backgroundRound);
        positive("short-round", shortRound);
        positive("admission-round", admissionRound);
        positive("long-round", longRound);
    }

    /** The defaults above, as binding no property at all gives them: for tests that build a class by hand. */
    public static Timeouts defaults() {
        return new Binder().bindOrCreate("yuyue.timeouts", Timeouts.class);
    }

    private static void positive(String name, Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("yuyue.timeouts." + name + " must be positive, not " + timeout);
        }
    }
}
