package cn.yuyue.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentications of queue-system requests per client address, in fixed one-minute windows
 * on this instance. In memory on purpose: the halls' own systems never fail once set up, so only a
 * prober is ever counted, and counting it must cost less than the check it is spared.
 */
final class FailedSignatures {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    /** Beyond this many tracked clients the table is emptied: a flood of addresses forgets, it never grows. */
    private static final int MAX_CLIENTS = 10_000;

    private final int allowedPerWindow;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    FailedSignatures(int allowedPerWindow) {
        this.allowedPerWindow = allowedPerWindow;
    }

    /** Whether this client used up its failures for the current window. */
    boolean refuses(String client, Instant now) {
        Window window = windows.get(client);
        return window != null && window.isCurrent(now) && window.failures() >= allowedPerWindow;
    }

    void failed(String client, Instant now) {
        if (windows.size() >= MAX_CLIENTS) {
            windows.clear();
        }
        windows.compute(
                client,
                (key, window) -> window == null || !window.isCurrent(now)
                        ? new Window(now, 1)
                        : new Window(window.start(), window.failures() + 1));
    }

    /** When this client may try again. */
    Duration retryAfter(String client, Instant now) {
        Window window = windows.get(client);
        return window == null
                ? Duration.ZERO
                : Duration.between(now, window.start().plus(WINDOW));
    }

    private record Window(Instant start, int failures) {
        boolean isCurrent(Instant now) {
            return now.isBefore(start.plus(WINDOW));
        }
    }
}
