package cn.yuyue.release;

import java.time.Duration;

import cn.yuyue.platform.BackgroundFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps each instance's {@link ReleaseCalendar} in step with the releases operators add on any
 * instance. A failed read is logged and the releases known stay in force until the next round.
 */
@Component
class ReleaseCalendarRefresh extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(ReleaseCalendarRefresh.class);

    private final ReleaseCalendar calendar;
    private final ReleaseProperties properties;

    ReleaseCalendarRefresh(ReleaseCalendar calendar, ReleaseProperties properties) {
        this.calendar = calendar;
        this.properties = properties;
    }

    @Override
    protected Disposable launch() {
        return Flux.interval(Duration.ZERO, properties.calendarRefresh())
                .onBackpressureDrop()
                .concatMap(tick -> calendar.refresh()
                        .onErrorResume(failure -> {
                            log.warn("Added releases not re-read; the ones known stay in force: {}", failure.toString());
                            return Mono.empty();
                        }))
                .subscribe(count -> { }, failure -> log.error("Release calendar refresh stopped", failure));
    }
}
