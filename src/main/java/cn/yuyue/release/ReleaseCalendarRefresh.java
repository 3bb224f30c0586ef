package cn.yuyue.release;

import java.time.Duration;

import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
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
    /** Far above one read of the added releases; only a round that hangs meets it. */
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(1);

    private final PeriodicFlow<Integer> refreshing;

    ReleaseCalendarRefresh(ReleaseCalendar calendar, ReleaseProperties properties, MeterRegistry meters) {
        this.refreshing = PeriodicFlow.named("release-calendar-refresh", calendar::refresh)
                .firstRoundAfter(Duration.ZERO)
                .every(properties.calendarRefresh())
                .timeout(ROUND_TIMEOUT)
                .onFailure(failure -> log.warn("Added releases not re-read; the ones known stay in force: {}",
                        failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return refreshing.start();
    }
}
