package cn.yuyue.notification;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import cn.yuyue.platform.redis.LuaScripts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The development stand-in for the SMS gateway: keeps each phone's recent messages in Redis so that
 * developers and tests read codes at {@code GET /api/v1/dev/sms}. Redis, not memory, so that several
 * instances and the integration tests see the same messages. It lives on the test classpath (the
 * local run mode and the tests) and is not part of the production jar.
 *
 * <p>Keys: {@code yy:dev:sms:{phone}}, a list of JSON {@link SentSms}, newest first, capped and
 * expiring (see {@link DevSmsOutboxProperties}).
 */
class DevSmsOutbox implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(DevSmsOutbox.class);
    static final String KEY_PREFIX = "yy:dev:sms:";

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final Clock clock;
    private final DevSmsOutboxProperties settings;
    private final RedisScript<Long> append;

    DevSmsOutbox(ReactiveStringRedisTemplate redis, JsonMapper json, Clock clock, DevSmsOutboxProperties settings) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        // Read now, not per call: reading the resource later would be file I/O on an event loop.
        this.append = LuaScripts.load("dev-sms-append.lua", Long.class);
    }

    @Override
    public Mono<Void> send(String phone, String text) {
        SentSms sms =
                new SentSms(phone, text, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(clock)));
        return redis.execute(
                        append,
                        List.of(key(phone)),
                        List.of(
                                json.writeValueAsString(sms),
                                String.valueOf(settings.keep()),
                                String.valueOf(settings.retention().toMillis())))
                .then()
                .doOnSuccess(ignored ->
                        log.debug("SMS to {} kept in the dev outbox (GET /api/v1/dev/sms)", MaskedPhone.of(phone)));
    }

    /** The messages sent to {@code phone}, newest first. */
    Flux<SentSms> sentTo(String phone) {
        return redis.opsForList().range(key(phone), 0, -1).map(entry -> json.readValue(entry, SentSms.class));
    }

    private static String key(String phone) {
        return KEY_PREFIX + "{" + phone + "}";
    }

    /**
     * One message as the dev endpoint shows it. {@code sentAt} stays text: read back as an
     * OffsetDateTime, Jackson would move it to UTC, and API times are written in +08:00.
     */
    record SentSms(String phone, String text, String sentAt) {}
}
