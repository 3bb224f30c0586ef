package cn.yuyue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test gives up waiting for an answer ("Timeout on blocking read", the client's 30 s), prints
 * every thread's stack before the failure is reported: a request the service never answers is
 * either a thread stuck somewhere or a connection nobody serves, and only the stacks of that moment
 * tell which.
 */
class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (isTimeout(failure)) {
            StringBuilder dump = new StringBuilder("Thread dump at the timeout of ")
                    .append(context.getDisplayName())
                    .append(":\n");
            Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, true))
                    .map(ThreadDumpOnTimeout::fullStack)
                    .forEach(dump::append);
            System.out.println(dump);
        }
        throw failure;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("Timeout on blocking read")) {
                return true;
            }
        }
        return false;
    }

    /** ThreadInfo's own toString cuts every stack at eight frames. */
    private static String fullStack(ThreadInfo thread) {
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
        for (StackTraceElement frame : thread.getStackTrace()) {
            text.append("    at ").append(frame).append('\n');
        }
        return text.append('\n').toString();
    }
}
