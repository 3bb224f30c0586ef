package cn.yuyue.warmup;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * Runs the warm-up once the application has started and its web server listens, and lets
 * readiness through when it ends, however it ends: a warm-up that fails or hangs is logged as a
 * warning and the instance reports ready cold, within the time limit plus the clean-up's. Owns the
 * warm-up's subscription and disposes it at shutdown.
 */
@Component
@EnableConfigurationProperties(WarmupProperties.class)
class StartupWarmup implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StartupWarmup.class);
    /** Beyond the traffic's limit: the clean-up's own 15 s and some slack. */
    private static final Duration OVERALL_SLACK = Duration.ofSeconds(30);

    private final BookingPathWarmup warmup;
    private final ReadinessAfterWarmup readiness;
    private final WarmupProperties properties;
    private final Disposable.Swap running = Disposables.swap();

    StartupWarmup(BookingPathWarmup warmup, ReadinessAfterWarmup readiness, WarmupProperties properties) {
        this.warmup = warmup;
        this.readiness = readiness;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ApplicationContext context = event.getApplicationContext();
        if (!properties.enabled()) {
            return;
        }
        if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            log.warn("No web server to warm up; ready without a warm-up");
            readiness.release(context);
            return;
        }
        int port = web.getWebServer().getPort();
        long started = System.nanoTime();
        log.info(
                "Warming up the booking path: {} booking attempts at the scratch hall and {} reads, " + "at most {}",
                properties.bookings(),
                properties.reads(),
                properties.timeLimit());
        running.update(warmup.run(port)
                .timeout(properties.timeLimit().plus(OVERALL_SLACK))
                .subscribe(
                        report -> finished(report, started, context),
                        failure -> failed(failure, context),
                        () -> readiness.release(context)));
    }

    private void finished(WarmupReport report, long started, ApplicationContext context) {
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (report.complete()) {
            log.info("Warm-up done in {} ms: {}; ready", millis, report);
        } else {
            log.warn(
                    "Warm-up cut short after {} ms: {}; ready, but the first storm may meet a cold instance",
                    millis,
                    report);
        }
        readiness.release(context);
    }

    private void failed(Throwable failure, ApplicationContext context) {
        log.warn("Warm-up failed ({}); ready without it, the first storm may meet a cold instance", failure.toString());
        readiness.release(context);
    }

    @Override
    public void destroy() {
        running.dispose();
    }
}
