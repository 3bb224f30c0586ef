package cn.yuyue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockingMethod;

/**
 * BlockHound's findings, recorded where they happen and failed at the end of the test that saw
 * them. BlockHound's own answer is to throw from the blocking call, that is from deep inside
 * whatever library made it: a library whose lock section is left by that error keeps a broken
 * state (Lettuce's writer count, lettuce#3880), and the whole test JVM, drill instances included,
 * then hangs on it instead of failing one test with the stack that says where.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection; the recording
 * starts when {@link IntegrationTestSupport} installs BlockHound.
 */
public class BlockingCalls implements AfterEachCallback {

    private static final int FRAMES_SHOWN = 14;
    private static final AtomicInteger SEEN = new AtomicInteger();
    private static final AtomicReference<Throwable> FIRST = new AtomicReference<>();

    /** BlockHound's callback: runs on the thread about to block, which then goes on. */
    static void record(BlockingMethod method) {
        SEEN.incrementAndGet();
        if (FIRST.get() == null) {
            FIRST.compareAndSet(
                    null,
                    new Throwable("Blocking call " + method + " on "
                            + Thread.currentThread().getName()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Throwable first = FIRST.getAndSet(null);
        int seen = Math.max(1, SEEN.getAndSet(0));
        if (first == null) {
            return;
        }
        String frames = Arrays.stream(first.getStackTrace())
                .filter(frame -> !frame.getClassName().startsWith("reactor.blockhound")
                        && !frame.getClassName().equals(BlockingCalls.class.getName()))
                .limit(FRAMES_SHOWN)
                .map(frame -> "    at " + frame)
                .collect(Collectors.joining("\n"));
        AssertionError failure = new AssertionError(seen + " blocking call(s) on non-blocking threads during "
                + context.getDisplayName() + "; the first: " + first.getMessage() + "\n" + frames);
        failure.initCause(first);
        throw failure;
    }
}
