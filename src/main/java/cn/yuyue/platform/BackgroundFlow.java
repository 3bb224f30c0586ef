package cn.yuyue.platform;

import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/**
 * A flow that runs beside the requests for as long as the application runs: a periodic sweep, a
 * Kafka consumer, a start-up task. Spring starts it once the context is ready and disposes of it at
 * shutdown, before the connections it uses are closed; subclasses only say what to subscribe.
 * Each subclass logs its failures and recovers on its own (retry, or skip to the next round): a
 * flow that ends in an error stays ended. A step run every so often is a {@link PeriodicFlow},
 * which does that recovery, its timeout and its failure count in one place.
 */
public abstract class BackgroundFlow implements SmartLifecycle {

    private volatile Disposable running;

    /** Subscribes the flow; the result is disposed of at shutdown. Null when there is nothing to run. */
    protected abstract Disposable launch();

    /** Called after the flow is disposed of, for what must be said or released at shutdown. */
    protected void stopped() {}

    @Override
    public final void start() {
        running = launch();
    }

    @Override
    public final void stop() {
        Disposable current = running;
        running = null;
        if (current != null) {
            current.dispose();
        }
        stopped();
    }

    @Override
    public boolean isRunning() {
        Disposable current = running;
        return current != null && !current.isDisposed();
    }
}
