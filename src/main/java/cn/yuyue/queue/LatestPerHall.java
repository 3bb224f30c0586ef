package cn.yuyue.queue;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One watcher's buffer: at most one pending event per hall, handed on as the watcher asks.
 *
 * <p>The hub's sink drops events for a subscriber without demand, and a plain queue would grow with
 * a slow phone. This operator always takes every event from upstream and keeps, per hall, only the
 * newest one not yet delivered; a newer state replaces an undelivered older one in place, so a slow
 * watcher holds at most one event per hall it watches and skips straight to the latest. Halls are
 * delivered in the order they first became pending, so a hall that changes constantly cannot starve
 * the others. An event not newer than what this watcher already got is dropped, which also removes
 * the duplicates between the initial states and live updates racing them.
 */
final class LatestPerHall extends Flux<QueueEvent> {

    private final Flux<QueueEvent> live;
    private final Supplier<? extends Collection<QueueEvent>> initial;
    private final Set<Buffer> registry;

    /**
     * @param live     updates; subscribed before {@code initial} is read, so none is missed
     * @param initial  the states to send first (read at subscription)
     * @param registry where the buffer is listed while subscribed, for metrics and tests
     */
    LatestPerHall(Flux<QueueEvent> live, Supplier<? extends Collection<QueueEvent>> initial, Set<Buffer> registry) {
        this.live = live;
        this.initial = initial;
        this.registry = registry;
    }

    @Override
    public void subscribe(CoreSubscriber<? super QueueEvent> actual) {
        Buffer buffer = new Buffer(actual, registry);
        registry.add(buffer);
        live.subscribe(buffer);
        initial.get().forEach(buffer::onNext);
    }

    /** The per-watcher state; its size is bounded by the number of halls watched. */
    static final class Buffer implements CoreSubscriber<QueueEvent>, Subscription {

        private final CoreSubscriber<? super QueueEvent> actual;
        private final Set<Buffer> registry;
        /** Guarded by itself: written by the producing thread, read by the draining one. */
        private final LinkedHashMap<String, QueueEvent> pending = new LinkedHashMap<>();
        /** Touched only inside {@link #drain()}, which one thread at a time runs. */
        private final Map<String, Long> delivered = new HashMap<>();

        private final AtomicLong requested = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile Subscription upstream;
        private volatile boolean done;
        private volatile boolean cancelled;
        private boolean terminated;
        private Throwable failure;

        Buffer(CoreSubscriber<? super QueueEvent> actual, Set<Buffer> registry) {
            this.actual = actual;
            this.registry = registry;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (Operators.validate(upstream, subscription)) {
                upstream = subscription;
                actual.onSubscribe(this);
                // Always ready: a multicast best-effort sink would otherwise drop for this watcher.
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(QueueEvent event) {
            if (done || cancelled) {
                return;
            }
            synchronized (pending) {
                QueueEvent waiting = pending.get(event.hallCode());
                if (waiting == null || event.version() > waiting.version()) {
                    pending.put(event.hallCode(), event);
                }
            }
            drain();
        }

        @Override
        public void onError(Throwable error) {
            failure = error;
            done = true;
            drain();
        }

        @Override
        public void onComplete() {
            done = true;
            drain();
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                requested.getAndUpdate(current -> Operators.addCap(current, n));
                drain();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Subscription subscription = upstream;
            if (subscription != null) {
                subscription.cancel();
            }
            registry.remove(this);
            drain();
        }

        /** Events waiting for this watcher's demand. */
        int backlog() {
            synchronized (pending) {
                return pending.size();
            }
        }

        private QueueEvent poll() {
            synchronized (pending) {
                Iterator<QueueEvent> first = pending.values().iterator();
                if (!first.hasNext()) {
                    return null;
                }
                QueueEvent event = first.next();
                first.remove();
                return event;
            }
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                if (cancelled || terminated) {
                    synchronized (pending) {
                        pending.clear();
                    }
                } else {
                    deliver();
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void deliver() {
            long demand = requested.get();
            long emitted = 0;
            while (emitted != demand && !cancelled) {
                QueueEvent next = poll();
                if (next == null) {
                    break;
                }
                Long got = delivered.get(next.hallCode());
                if (got != null && got >= next.version()) {
                    continue;
                }
                delivered.put(next.hallCode(), next.version());
                actual.onNext(next);
                emitted++;
            }
            if (emitted != 0 && demand != Long.MAX_VALUE) {
                requested.addAndGet(-emitted);
            }
            if (done && !cancelled && backlog() == 0) {
                terminated = true;
                registry.remove(this);
                if (failure != null) {
                    actual.onError(failure);
                } else {
                    actual.onComplete();
                }
            }
        }
    }
}
