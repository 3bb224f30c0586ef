package cn.yuyue.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import redis.embedded.RedisServer;

/**
 * A real Redis Cluster of masters (redis-server processes, {@code cluster-enabled}), the 16,384
 * hash slots split evenly between them, each master with its replicas. Every script the application
 * runs must keep its keys in one slot here, every client must follow {@code MOVED} redirections, and
 * a claim that waits for replicas must ask the master that holds it: what a managed Redis Cluster
 * asks of the code, checked against the real server rather than by reading.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int SLOTS = 16_384;
    private static final Duration FORMING = Duration.ofSeconds(30);

    private final Path directory;
    private final List<Integer> ports = new ArrayList<>();
    private final List<RedisServer> servers = new ArrayList<>();
    /** The replicas' servers by their master's port. */
    private final Map<Integer, List<RedisServer>> replicas = new LinkedHashMap<>();

    public RedisCluster(int masters, int replicasPerMaster) throws IOException {
        directory = Files.createTempDirectory("yuyue-redis-cluster");
        for (int i = 0; i < masters; i++) {
            int port = freePort();
            servers.add(startNode(port));
            ports.add(port);
        }
        form();
        for (int master : ports) {
            String masterId = onNode(master, RedisCommands::clusterMyId);
            for (int i = 0; i < replicasPerMaster; i++) {
                int port = freePort();
                replicas.computeIfAbsent(master, key -> new ArrayList<>()).add(startNode(port));
                onNode(port, commands -> commands.clusterMeet("127.0.0.1", master));
                org.awaitility.Awaitility.await("replica :" + port + " knows its master")
                        .atMost(FORMING)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> onNode(port, RedisCommands::clusterNodes).contains(masterId));
                onNode(port, commands -> commands.clusterReplicate(masterId));
            }
        }
        for (int master : ports) {
            String wanted = "connected_slaves:" + replicasPerMaster;
            org.awaitility.Awaitility.await("master :" + master + " has its replicas in sync")
                    .atMost(FORMING)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> onNode(master, commands -> commands.info("replication"))
                            .contains(wanted));
        }
    }

    private RedisServer startNode(int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("cluster-enabled yes")
                .setting("cluster-config-file " + directory.resolve("nodes-" + port + ".conf"))
                .setting("cluster-node-timeout 5000")
                .build();
        server.start();
        return server;
    }

    /** The port of the master that holds {@code key}'s slot. */
    public int masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        int share = SLOTS / ports.size();
        return ports.get(Math.min(slot / share, ports.size() - 1));
    }

    /** Stops the replicas of the master that holds {@code key}, as a lost replica host would. */
    public void stopReplicasOf(String key) {
        for (RedisServer replica : replicas.getOrDefault(masterOf(key), List.of())) {
            try {
                replica.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code host:port,...} as {@code spring.data.redis.cluster.nodes} takes it. */
    public String nodes() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** How many keys each master holds, in the order the masters were started. */
    public List<Long> keysPerMaster() {
        return ports.stream().map(port -> onNode(port, RedisCommands::dbsize)).toList();
    }

    /** Gives each master an even share of the slots, introduces them and waits for {@code cluster_state:ok}. */
    private void form() {
        int share = SLOTS / ports.size();
        for (int i = 0; i < ports.size(); i++) {
            int from = i * share;
            int to = i == ports.size() - 1 ? SLOTS - 1 : from + share - 1;
            int[] slots = new int[to - from + 1];
            for (int slot = from; slot <= to; slot++) {
                slots[slot - from] = slot;
            }
            int port = ports.get(i);
            onNode(port, commands -> commands.clusterAddSlots(slots));
            for (int other : ports) {
                if (other != port) {
                    onNode(port, commands -> commands.clusterMeet("127.0.0.1", other));
                }
            }
        }
        org.awaitility.Awaitility.await("cluster_state:ok on every node")
                .atMost(FORMING)
                .pollInterval(Duration.ofMillis(100))
                .until(this::formed);
    }

    /** Every node sees the state ok and knows every other node. */
    private boolean formed() {
        for (int port : ports) {
            String info = onNode(port, RedisCommands::clusterInfo);
            String known = onNode(port, RedisCommands::clusterNodes);
            if (!info.contains("cluster_state:ok") || known.lines().count() < ports.size()) {
                return false;
            }
        }
        return true;
    }

    private static <T> T onNode(int port, java.util.function.Function<RedisCommands<String, String>, T> command) {
        try (RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
                StatefulRedisConnection<String, String> connection = client.connect()) {
            return command.apply(connection.sync());
        }
    }

    @Override
    public void close() {
        List<RedisServer> all = new ArrayList<>(servers);
        replicas.values().forEach(all::addAll);
        for (RedisServer server : all) {
            try {
                server.stop();
            } catch (IOException | RuntimeException e) {
                // Already stopped.
            }
        }
    }

    /** A free port whose cluster bus port (the port + 10,000, fixed in Redis 6) is free too. */
    private static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port + 10_000 <= 65_535 && isFree(port + 10_000)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("No free pair of client and cluster bus ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
