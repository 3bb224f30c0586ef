package cn.yuyue.drills;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cn.yuyue.YuyueApplication;
import cn.yuyue.platform.local.EmbeddedServices;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Application instances on the drill servers: one in this JVM, others as processes of their own. */
public final class DrillInstance {

    private DrillInstance() {}

    /** Drill settings: short timeouts so an outage is noticed in seconds, not minutes. */
    public static List<String> arguments(EmbeddedServices servers, int port, List<String> extra) {
        List<String> arguments = new ArrayList<>();
        servers.springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        // Drills spread hundreds of bookings over 40 agents; like the per-phone rate limit, the cap of
        // active bookings per phone is not what they drill (PhoneCapIntegrationTest is).
        arguments.add("--yuyue.booking.max-active-per-phone=1000000");
        arguments.addAll(List.of(
                "--server.port=" + port,
                "--spring.data.redis.timeout=2s",
                "--yuyue.booking.event-timeout=2s",
                "--yuyue.kafka.request-timeout=1500ms",
                "--yuyue.inventory.rebuild-grace=3s",
                "--yuyue.queue.simulator.enabled=false",
                "--yuyue.rate-limit.client-per-minute=0",
                "--yuyue.rate-limit.phone-bookings-per-minute=0"));
        arguments.addAll(extra);
        return arguments;
    }

    public static ConfigurableApplicationContext inThisJvm(List<String> arguments) {
        return new SpringApplicationBuilder(YuyueApplication.class)
                .profiles("test")
                .run(arguments.toArray(String[]::new));
    }

    /** Another JVM, so that it has a catalogue of its own and can be killed; answers once it is ready. */
    public static Process inItsOwnJvm(List<String> arguments, int port, Path log) throws IOException {
        return inItsOwnJvm(List.of(), arguments, port, log);
    }

    /** As {@link #inItsOwnJvm(List, int, Path)}, with options for the JVM itself. */
    public static Process inItsOwnJvm(List<String> jvmOptions, List<String> arguments, int port, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                YuyueApplication.class.getName(),
                "--spring.profiles.active=test"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        WebClient probe = DrillLoad.client(port);
        try {
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> alive(process, log)
                            && probe.get()
                                            .uri("/actuator/health/readiness")
                                            .exchangeToMono(response -> Mono.just(
                                                    response.statusCode().value()))
                                            // A slow answer on a loaded machine means "not yet", not a failed drill.
                                            .timeout(Duration.ofSeconds(10))
                                            .onErrorReturn(-1)
                                            .block()
                                    == 200);
        } catch (RuntimeException | Error notReady) {
            // Never leave a half-started instance behind on the shared servers.
            process.destroyForcibly();
            throw notReady;
        }
        return process;
    }

    /** An instance that failed to start fails the drill at once, not after the readiness patience. */
    private static boolean alive(Process process, Path log) {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "The instance exited with " + process.exitValue() + " before it was ready; see " + log);
        }
        return true;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
