package cn.yuyue.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import redis.embedded.RedisServer;

/**
 * A real Redis primary and its asynchronous replica (two redis-server processes, {@code replicaof}),
 * as the shipped Sentinel deployment runs them, with the two things a failover drill needs: the
 * replication link can be cut (the replica then misses what the primary acknowledges afterwards),
 * and the application's address can be moved to the replica once it is promoted, as a
 * Sentinel-aware client or a Service in front of the primary follows a failover.
 */
public final class ReplicatedRedis implements AutoCloseable {

    private final int primaryPort;
    private final int replicaPort;
    private volatile int currentPrimaryPort;
    private RedisServer primary;
    private final RedisServer replica;
    /** Between the replica and the primary: cutting it stops replication. */
    private final TcpProxy replicationLink;
    /** Between the application and whichever server is the primary. */
    private final TcpProxy clientAddress;

    ReplicatedRedis() throws IOException {
        primaryPort = freePort();
        replicaPort = freePort();
        currentPrimaryPort = primaryPort;
        primary = server(primaryPort, null);
        primary.start();
        replicationLink = new TcpProxy(primaryPort);
        replica = server(replicaPort, replicationLink.port());
        replica.start();
        clientAddress = new TcpProxy(primaryPort);
    }

    /** The port the application connects to. */
    public int clientPort() {
        return clientAddress.port();
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    /** Waits until a replica has every write the current primary acknowledged so far. */
    public void awaitReplicaInSync(Duration patience) {
        try (RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", currentPrimaryPort));
                StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().incr("drill:replication-fence");
            long acknowledged = connection.sync().waitForReplication(1, patience.toMillis());
            if (acknowledged < 1) {
                throw new IllegalStateException("The replica did not catch up within " + patience);
            }
        }
    }

    /** The replica stops receiving the primary's writes (a partition, a stalled replica). */
    public void cutReplication() {
        replicationLink.cut();
    }

    /**
     * The primary dies and the replica is promoted with whatever it had received: what Sentinel
     * does when the primary is lost, and why asynchronous replication can lose acknowledged writes.
     */
    public void failOverToReplica() {
        stopQuietly(primary);
        try (RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", replicaPort));
                StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().replicaofNoOne();
        }
        currentPrimaryPort = replicaPort;
        clientAddress.retarget(replicaPort);
    }

    /**
     * The old primary's node comes back empty and replicates from the promoted one, as Sentinel
     * reconfigures a returning primary; until then the new primary has no replica.
     */
    public void rejoinOldPrimaryAsReplica() {
        try {
            primary = server(primaryPort, replicaPort);
            primary.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        quietly(clientAddress);
        quietly(replicationLink);
        stopQuietly(primary);
        stopQuietly(replica);
    }

    private static RedisServer server(int port, Integer replicaOfPort) throws IOException {
        return RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .settingIf(replicaOfPort != null, "replicaof 127.0.0.1 " + replicaOfPort)
                // A replica of the shipped deployment serves reads but refuses writes until promoted.
                .settingIf(replicaOfPort != null, "replica-read-only yes")
                .build();
    }

    private static void stopQuietly(RedisServer server) {
        try {
            server.stop();
        } catch (IOException | RuntimeException e) {
            // Already stopped.
        }
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
