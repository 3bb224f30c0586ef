package cn.yuyue.platform.local;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Real KRaft Kafka brokers in processes of their own, from the kafka_2.13 artifact on the test
 * classpath, keeping their logs on disk: unlike the in-JVM test broker they can be stopped and
 * started again with their data, as brokers restarting after an outage do, and one of several can
 * be paused (SIGSTOP), as a stalled broker looks to the others.
 */
public final class StandaloneKafka implements AutoCloseable {

    private final List<Node> nodes;

    private StandaloneKafka(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** One broker (and controller): the outage drills' Kafka. */
    public static StandaloneKafka start() throws Exception {
        return start(1, Map.of());
    }

    /**
     * Three brokers, each also a controller, with the shipped durability: replication factor 3,
     * {@code min.insync.replicas=2}. A follower that stops fetching stays in the in-sync set for
     * {@code replicaLag} (Kafka's {@code replica.lag.time.max.ms}) and holds every acks=all write
     * uncommitted meanwhile.
     */
    public static StandaloneKafka startThree(Duration replicaLag) throws Exception {
        return start(
                3,
                Map.of(
                        "default.replication.factor",
                        "3",
                        "min.insync.replicas",
                        "2",
                        "replica.lag.time.max.ms",
                        String.valueOf(replicaLag.toMillis())));
    }

    private static StandaloneKafka start(int count, Map<String, String> settings) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            nodes.add(new Node(id, Files.createTempDirectory("yuyue-kafka-" + id), freePort(), freePort()));
        }
        String voters = nodes.stream()
                .map(node -> node.id + "@localhost:" + node.controllerPort)
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        for (Node node : nodes) {
            node.configure(voters, count, settings);
            node.run("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", node.config.toString())
                    .waitFor(60, TimeUnit.SECONDS);
        }
        StandaloneKafka kafka = new StandaloneKafka(nodes);
        kafka.startAgain();
        return kafka;
    }

    public String bootstrapServers() {
        return nodes.stream().map(node -> "localhost:" + node.port).collect(Collectors.joining(","));
    }

    /** Starts every broker on its existing log and waits until they all answer. */
    public synchronized void startAgain() throws Exception {
        for (Node node : nodes) {
            node.process = node.run("kafka.Kafka", node.config.toString());
        }
        awaitReady(Duration.ofSeconds(90));
    }

    /** Stops every broker as an operator would (SIGTERM), keeping their logs. */
    public synchronized void stop() throws InterruptedException {
        for (Node node : nodes) {
            node.stop();
        }
    }

    /** Freezes one broker (SIGSTOP): its connections stay open, it answers nothing. */
    public void pause(int nodeId) throws Exception {
        signal(nodeId, "STOP");
    }

    /** Lets a frozen broker go on (SIGCONT). */
    public void resume(int nodeId) throws Exception {
        signal(nodeId, "CONT");
    }

    private void signal(int nodeId, String signal) throws Exception {
        long pid = nodes.get(nodeId - 1).process.pid();
        new ProcessBuilder("kill", "-" + signal, String.valueOf(pid))
                .inheritIO()
                .start()
                .waitFor(10, TimeUnit.SECONDS);
    }

    private void awaitReady(Duration patience) {
        try (AdminClient admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000))) {
            await().atMost(patience).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!nodes.stream().allMatch(node -> node.process.isAlive())) {
                    throw new IllegalStateException(
                            "Kafka did not start; see " + nodes.get(0).directory.getParent());
                }
                try {
                    return admin.describeCluster()
                                    .nodes()
                                    .get(3, TimeUnit.SECONDS)
                                    .size()
                            == nodes.size();
                } catch (Exception notYet) {
                    return false;
                }
            });
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

    private static final class Node {

        private final int id;
        private final Path directory;
        private final Path config;
        private final int port;
        private final int controllerPort;
        private Process process;

        Node(int id, Path directory, int port, int controllerPort) {
            this.id = id;
            this.directory = directory;
            this.config = directory.resolve("server.properties");
            this.port = port;
            this.controllerPort = controllerPort;
        }

        void configure(String voters, int count, Map<String, String> settings) throws IOException {
            List<String> lines = new ArrayList<>(List.of(
                    "process.roles=broker,controller",
                    "node.id=" + id,
                    "controller.quorum.voters=" + voters,
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + directory.resolve("log"),
                    "offsets.topic.replication.factor=" + count,
                    "transaction.state.log.replication.factor=" + count,
                    "transaction.state.log.min.isr=" + Math.min(count, 2),
                    "group.initial.rebalance.delay.ms=0",
                    "num.partitions=3"));
            settings.forEach((name, value) -> lines.add(name + "=" + value));
            Files.writeString(config, String.join("\n", lines) + "\n");
        }

        Process run(String mainClass, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    mainClass));
            command.addAll(List.of(args));
            File log = directory
                    .resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".log")
                    .toFile();
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .start();
        }

        void stop() throws InterruptedException {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                process = null;
            }
        }
    }
}
