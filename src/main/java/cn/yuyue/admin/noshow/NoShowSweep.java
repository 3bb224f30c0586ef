package cn.yuyue.admin.noshow;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.HallDay;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@link MarkingNoShows} over yesterday and today of every hall, periodically, on every
 * instance. A short Redis lease per hall-day ({@code yy:sweep:{HALL:DATE}}) lets one instance at
 * a time sweep it; if two did, the atomic marking and idempotent recording still count each
 * no-show once. Failures are logged and the next round tries again.
 */
@Component
class NoShowSweep extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(NoShowSweep.class);
    private static final int CONCURRENT = 8;

    private final MarkingNoShows marking;
    private final HallCatalogue catalogue;
    private final ReactiveStringRedisTemplate redis;
    private final NoShowProperties properties;
    private final Clock clock;
    private final PeriodicFlow<Long> sweeping;
    private final Duration redisTimeout;

    NoShowSweep(
            MarkingNoShows marking,
            HallCatalogue catalogue,
            ReactiveStringRedisTemplate redis,
            NoShowProperties properties,
            Clock clock,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.marking = marking;
        this.catalogue = catalogue;
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
        this.redisTimeout = timeouts.redis();
        this.sweeping = PeriodicFlow.named("no-show-sweep", this::sweepAll)
                .firstRoundAfter(properties.sweepEvery())
                .every(properties.sweepEvery())
                .timeout(timeouts.backgroundRound())
                .onResult(marked -> {
                    if (marked > 0) {
                        log.info("Recorded {} no-shows", marked);
                    }
                })
                .onFailure(failure -> log.warn("No-show sweep failed; next round retries: {}", failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return sweeping.start();
    }

    private Mono<Long> sweepAll() {
        LocalDate today = LocalDate.now(clock.withZone(ProvinceTime.ZONE));
        return Flux.just(today.minusDays(1), today)
                .concatMap(day ->
                        Flux.fromIterable(catalogue.halls(null, null)).map(hall -> new HallDay(hall.code(), day)))
                .flatMap(this::sweepLeased, CONCURRENT)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> sweepLeased(HallDay hallDay) {
        Duration lease = properties.sweepEvery().dividedBy(2);
        return redis.opsForValue()
                .setIfAbsent("yy:sweep:" + hallDay.hashTag(), "1", lease)
                .timeout(redisTimeout)
                .flatMap(leased -> leased ? marking.sweep(hallDay) : Mono.just(0L))
                .onErrorResume(failure -> {
                    log.warn("Could not sweep {}: {}", hallDay, failure.toString());
                    return Mono.just(0L);
                });
    }
}
