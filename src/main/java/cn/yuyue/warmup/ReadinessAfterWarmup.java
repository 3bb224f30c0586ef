package cn.yuyue.warmup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The application's availability, with readiness held at REFUSING_TRAFFIC until the warm-up ends.
 *
 * <p>Spring Boot declares an instance ready right after it started, and readiness is what the
 * Kubernetes probe ({@code /actuator/health/readiness}) and the Service follow. An instance that
 * is ready but cold answered most of its first storm 503, so Boot's ACCEPTING_TRAFFIC is kept
 * back here and published once {@link StartupWarmup} has finished (or given up). Replacing the
 * availability bean, rather than answering Boot's event with a REFUSING_TRAFFIC of our own, means
 * readiness is never ACCEPTING_TRAFFIC for an instant before the warm-up. Every other state
 * change (liveness, REFUSING_TRAFFIC at shutdown) passes through unchanged, and a shutdown that
 * begins during the warm-up keeps the pod unready when it ends.
 */
@Component
class ReadinessAfterWarmup extends ApplicationAvailabilityBean {

    private static final Logger log = LoggerFactory.getLogger(ReadinessAfterWarmup.class);

    private boolean held;
    private boolean readyDeferred;

    ReadinessAfterWarmup(WarmupProperties properties) {
        this.held = properties.enabled();
    }

    @Override
    public synchronized void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        if (held && event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
            readyDeferred = true;
            log.info("Started; readiness stays REFUSING_TRAFFIC until the warm-up has run");
            super.onApplicationEvent(new AvailabilityChangeEvent<>(event.getSource(), ReadinessState.REFUSING_TRAFFIC));
            return;
        }
        if (held && event.getState() == ReadinessState.REFUSING_TRAFFIC) {
            // Shutting down during the warm-up: its end must not declare a closing pod ready.
            readyDeferred = false;
        }
        super.onApplicationEvent(event);
    }

    /**
     * Lets readiness through: ACCEPTING_TRAFFIC now if Boot had declared the application ready,
     * otherwise when it does.
     */
    void release(ApplicationContext context) {
        boolean publish;
        synchronized (this) {
            publish = held && readyDeferred;
            held = false;
        }
        if (publish) {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }
}
