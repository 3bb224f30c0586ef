package cn.yuyue.hall;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import cn.yuyue.platform.Timeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.util.retry.Retry;

/**
 * Seeds and loads the catalogue while the application starts, before the web server listens.
 *
 * <p>Without its halls the service can only answer "not found", so it must neither take traffic
 * nor report ready before they are loaded. Lifecycle beans start in phase order and the web
 * server starts in a late phase ({@code Integer.MAX_VALUE - 2048}); readiness follows even later.
 * Loading in phase {@value #PHASE} therefore holds all of that back, and a failure stops the
 * start-up with the reason instead of leaving a running service with an empty catalogue.
 */
@Component
class CatalogueStartup implements SmartLifecycle {

    static final int PHASE = 0;

    private static final Logger log = LoggerFactory.getLogger(CatalogueStartup.class);

    private final CatalogueLoader loader;
    private final HallCatalogue catalogue;
    private final Duration timeout;
    private volatile boolean running;

    CatalogueStartup(CatalogueLoader loader, HallCatalogue catalogue, Timeouts timeouts) {
        this.loader = loader;
        this.catalogue = catalogue;
        this.timeout = timeouts.catalogueStartup();
    }

    @Override
    public void start() {
        long started = System.nanoTime();
        try {
            // The start-up thread waits here on purpose: start() must not return before the
            // catalogue is loaded. It is Spring's main thread, never an event-loop thread.
            loader.load()
                    .then(catalogue.refresh())
                    .retryWhen(Retry.backoff(3, Duration.ofSeconds(1))
                            .doBeforeRetry(retry -> log.warn(
                                    "Loading the catalogue failed, retrying: {}",
                                    retry.failure().toString())))
                    .timeout(timeout)
                    .toFuture()
                    .join();
        } catch (CompletionException e) {
            throw new IllegalStateException("Could not seed and load the hall catalogue from PostgreSQL", e.getCause());
        }
        running = true;
        log.info("Catalogue ready in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
