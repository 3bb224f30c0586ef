package cn.yuyue.hall;

import java.util.concurrent.atomic.AtomicBoolean;

import cn.yuyue.platform.BackgroundFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
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

    private final HallCatalogue catalogue;
    private final CatalogueProperties properties;
    /** One warning when PostgreSQL stops answering and one line when it answers again, not one a second. */
    private final AtomicBoolean failing = new AtomicBoolean();

    CatalogueWatch(HallCatalogue catalogue, CatalogueProperties properties) {
        this.catalogue = catalogue;
        this.properties = properties;
    }

    @Override
    protected Disposable launch() {
        return Flux.interval(properties.pollEvery())
                // A round that outlasts the interval (a slow reload) skips ticks instead of queueing them.
                .onBackpressureDrop()
                .concatMap(tick -> round())
                .subscribe(null, failure -> log.error("Catalogue watch stopped", failure));
    }

    private Mono<Void> round() {
        return catalogue.catchUp()
                .doOnSuccess(done -> {
                    if (failing.compareAndSet(true, false)) {
                        log.info("Catalogue version check answers again; this instance holds version {}",
                                catalogue.version());
                    }
                })
                .onErrorResume(failure -> {
                    if (failing.compareAndSet(false, true)) {
                        log.warn("Catalogue version check failed, retrying every {} with version {} in use: {}",
                                properties.pollEvery(), catalogue.version(), failure.toString());
                    }
                    return Mono.empty();
                });
    }
}
