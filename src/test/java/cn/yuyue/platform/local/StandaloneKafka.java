package cn.yuyue.platform.local;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka in its own process, from the kafka_2.13 artifact on the test
 * classpath, keeping its log on disk: unlike the in-JVM test broker it can be stopped and started
 * again with its data, as a broker restarting after an outage does.
 */
public final class StandaloneKafka implements AutoCloseable {

    private final Path directory;
    private final Path config;
    private final int port;
    private Process process;

    private StandaloneKafka(Path directory, int port, int controllerPort) throws IOException {
        this.directory = directory;
        this.port = port;
        this.config = directory.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + directory.resolve("log"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=3",
                ""));
    }

    /** Formats a fresh log and starts the broker. */
    public static StandaloneKafka start() throws Exception {
        StandaloneKafka kafka = new StandaloneKafka(Files.createTempDirectory("yuyue-kafka"), freePort(), freePort());
        kafka.run("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                kafka.config.toString()).waitFor(60, TimeUnit.SECONDS);
        kafka.startAgain();
        return kafka;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Starts the broker on its existing log and waits until it answers. */
    public synchronized void startAgain() throws Exception {
        process = run("kafka.Kafka", config.toString());
        awaitReady(Duration.ofSeconds(60));
    }

    /** Stops the broker as an operator would (SIGTERM), keeping its log. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    private Process run(String mainClass, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        File log = directory.resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    private void awaitReady(Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                        throw new IllegalStateException("Kafka did not start; see " + directory, notYet);
                    }
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
