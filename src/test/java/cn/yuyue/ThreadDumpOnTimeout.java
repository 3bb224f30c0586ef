package cn.yuyue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test gives up waiting (the client's "Timeout on blocking read", a StepVerifier's timeout,
 * an Awaitility condition), prints every thread's stack, and names the busy threads of the
 * service's shared pools in the failure itself. A request the service never answers is either a
 * thread stuck somewhere or a connection nobody serves; only the stacks of that moment tell which,
 * and the failure's own message is what reaches the end of a long build's output.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection
 * ({@code META-INF/services}), so the drills, which start their own instances, have it too.
 */
public class ThreadDumpOnTimeout implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** Threads every instance in this JVM shares: a stuck one stalls them all. */
    private static final List<String> SHARED_POOLS =
            List.of("parallel-", "boundedElastic-", "reactor-http-", "lettuce-", "single-");

    /** Frames where a pool's thread waits for work: such a thread is idle, not stuck. */
    private static final List<String> IDLE_FRAMES = List.of(
            "sun.nio.ch.EPoll.wait",
            "io.netty.channel.epoll.Native.epollWait",
            "io.netty.channel.nio.SelectedSelectionKeySetSelector.select",
            "io.netty.channel.SingleThreadIoEventLoop.run",
            "ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
            "ScheduledThreadPoolExecutor$DelayedWorkQueue.poll",
            "LinkedBlockingQueue.take",
            "SynchronousQueue.poll");

    private static final int FRAMES_PER_BUSY_THREAD = 10;

    /** Enough to show a stuck pool; the build's summary repeats the message for every failure. */
    private static final int BUSY_THREADS_NAMED = 6;

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withThreads(context, failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withThreads(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withThreads(context, failure);
    }

    private static Throwable withThreads(ExtensionContext context, Throwable failure) {
        if (!isTimeout(failure)) {
            return failure;
        }
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        StringBuilder dump = new StringBuilder("Thread dump at the timeout of ")
                .append(context.getDisplayName())
                .append(":\n");
        Arrays.stream(threads).map(thread -> stack(thread, Integer.MAX_VALUE)).forEach(dump::append);
        System.out.println(dump);
        String busy = Arrays.stream(threads)
                .filter(ThreadDumpOnTimeout::busyInSharedPool)
                .limit(BUSY_THREADS_NAMED)
                .map(thread -> stack(thread, FRAMES_PER_BUSY_THREAD))
                .collect(Collectors.joining());
        AssertionError named =
                new AssertionError(failure.getMessage() + "\nBusy threads of the shared pools at the timeout:\n"
                        + (busy.isEmpty() ? "    none (every pool thread waits for work)\n" : busy));
        named.initCause(failure);
        return named;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null
                    && (message.contains("Timeout on blocking read")
                            || message.contains("VerifySubscriber timed out")
                            || message.contains("was not fulfilled within"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean busyInSharedPool(ThreadInfo thread) {
        if (SHARED_POOLS.stream().noneMatch(thread.getThreadName()::startsWith)) {
            return false;
        }
        StackTraceElement[] frames = thread.getStackTrace();
        return Arrays.stream(frames)
                .limit(6)
                .map(StackTraceElement::toString)
                .noneMatch(frame -> IDLE_FRAMES.stream().anyMatch(frame::contains));
    }

    /** ThreadInfo's own toString cuts every stack at eight frames. */
    private static String stack(ThreadInfo thread, int frames) {
        StringBuilder text = new StringBuilder("\"")
                .append(thread.getThreadName())
                .append("\" ")
                .append(thread.getThreadState());
        if (thread.getLockName() != null) {
            text.append(" on ").append(thread.getLockName());
        }
        if (thread.getLockOwnerName() != null) {
            text.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
        }
        text.append('\n');
        Arrays.stream(thread.getStackTrace())
                .limit(frames)
                .forEach(frame -> text.append("    at ").append(frame).append('\n'));
        return text.append('\n').toString();
    }
}
