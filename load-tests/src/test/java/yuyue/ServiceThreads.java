package yuyue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A thread dump of the service when it runs on this machine (the benchmark's local mode), for the
 * moment a call goes unanswered. Finds the service's JVM by its main class and asks {@code jcmd}.
 */
final class ServiceThreads {

    private static final String[] MAIN_CLASSES = {"cn.yuyue.LocalYuyueApplication", "cn.yuyue.YuyueApplication"};

    private ServiceThreads() {
    }

    /** Where the dump went, or why there is none. */
    static String dump() {
        Optional<ProcessHandle> service = ProcessHandle.allProcesses()
                .filter(process -> isService(commandLine(process)))
                .findFirst();
        if (service.isEmpty()) {
            return "no service JVM on this machine to dump";
        }
        File out = new File(System.getProperty("java.io.tmpdir"), "yuyue-threads-" + System.currentTimeMillis() + ".txt");
        try {
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(service.get().pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(out).start();
            return jcmd.waitFor(20, TimeUnit.SECONDS)
                    ? "service threads dumped to " + out
                    : "jcmd did not finish in 20 s";
        } catch (IOException e) {
            return "no thread dump: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    /** The full command line: /proc has it whole where ProcessHandle.Info cuts a long class path short. */
    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
        } catch (IOException | RuntimeException e) {
            return process.info().commandLine().orElse("");
        }
    }

    private static boolean isService(String commandLine) {
        for (String main : MAIN_CLASSES) {
            if (commandLine.contains(main)) {
                return true;
            }
        }
        return false;
    }
}
