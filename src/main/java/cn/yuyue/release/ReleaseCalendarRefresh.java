package cn.yuyue.release;

import java.time.Duration;

import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.Timeouts;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/**
 * Keeps each instance's {@link ReleaseCalendar} in step with the releases operators add on any
 * instance. A failed read is logged and the releases known stay in force until the next round.
 */
@Component
class ReleaseCalendarRefresh extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(ReleaseCalendarRefresh.class);

    private final PeriodicFlow<Integer> refreshing;

    ReleaseCalendarRefresh(
            ReleaseCalendar calendar, ReleaseProperties properties, MeterRegistry meters, Timeouts timeouts) {
        this.refreshing = PeriodicFlow.named("release-calendar-refresh", calendar::refresh)
                .firstRoundAfter(Duration.ZERO)
                .every(properties.calendarRefresh())
                .timeout(timeouts.shortRound())
                .onFailure(failure ->
                        log.warn("Added releases not re-read; the ones known stay in force: {}", failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return refreshing.start();
    }
}
