package cn.yuyue.hall;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Keeps this instance's catalogue as current as PostgreSQL's: every
 * {@link CatalogueProperties#pollEvery()} it compares versions and reloads when another instance,
 * or the operator's SQL, changed a table. Polling one row costs each instance a query a second and
 * needs no broker; a missed round is simply caught up by the next one.
 */
@Component
class CatalogueWatch extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(CatalogueWatch.class);
    /** Twice the version query and a reload together: a round that needs longer hangs. */
    private static final int TIMEOUT_MARGIN = 2;

    private final HallCatalogue catalogue;
    private final CatalogueProperties properties;
    /** One warning when PostgreSQL stops answering and one line when it answers again, not one a second. */
    private final AtomicBoolean failing = new AtomicBoolean();

    private final PeriodicFlow<Void> watching;

    CatalogueWatch(HallCatalogue catalogue, CatalogueProperties properties, MeterRegistry meters) {
        this.catalogue = catalogue;
        this.properties = properties;
        Duration roundTimeout =
                properties.queryTimeout().plus(properties.reloadTimeout()).multipliedBy(TIMEOUT_MARGIN);
        this.watching = PeriodicFlow.named("catalogue-watch", this::round)
                .firstRoundAfter(properties.pollEvery())
                .every(properties.pollEvery())
                .timeout(roundTimeout)
                .onFailure(this::failed)
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return watching.start();
    }

    private Mono<Void> round() {
        return catalogue.catchUp().doOnSuccess(done -> {
            if (failing.compareAndSet(true, false)) {
                log.info("Catalogue version check answers again; this instance holds version {}", catalogue.version());
            }
        });
    }

    private void failed(Throwable failure) {
        if (failing.compareAndSet(false, true)) {
            log.warn(
                    "Catalogue version check failed, retrying every {} with version {} in use: {}",
                    properties.pollEvery(),
                    catalogue.version(),
                    failure.toString());
        }
    }
}
