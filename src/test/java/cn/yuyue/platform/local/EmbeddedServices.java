package cn.yuyue.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL, Redis and Kafka servers, started from Maven artifacts on free ports.
 *
 * <p>One set per JVM: the integration tests and the local run mode share it, and a JVM shutdown
 * hook stops it, so Ctrl-C leaves no server behind. The application is handed the servers through
 * the same standard Spring properties that production sets, so no code path differs.
 */
public final class EmbeddedServices {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);
    private static final String DATABASE = "yuyue";
    /**
     * Owns the database and its schema; Flyway connects as it (spring.flyway.user), as production's
     * migrating role does. The tests' own clean-up goes through the application's connection and
     * needs no more than the application may do.
     */
    public static final String OWNER_ROLE = "yuyue_owner";
    /**
     * The application's role (spring.r2dbc.username): only the rows it works with, granted by the
     * migrations; it owns nothing, so it cannot alter, drop or truncate a table (the audit log).
     */
    public static final String APP_ROLE = "yuyue_app";
    /** Kafka's replica.lag.time.max.ms in the three-broker set (30 s in Kafka's default). */
    public static final java.time.Duration KAFKA_REPLICA_LAG = java.time.Duration.ofSeconds(8);

    private static EmbeddedServices shared;
    /** System property that puts the shared set on a Redis Cluster. */
    public static final String REDIS_CLUSTER_PROPERTY = "yuyue.embedded.redis-cluster";

    private final java.util.List<Runnable> beforeStop = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final EmbeddedPostgres postgres;
    private final int redisPort;
    private RedisServer redis;
    /** For a cluster set: three Redis masters, each with a replica, instead of the single Redis. */
    private final RedisCluster redisCluster;
    /** For a failover set: a primary and its replica instead of the single Redis. */
    private final ReplicatedRedis replicatedRedis;
    /** The in-JVM test broker, or null for a drill set (which runs {@link #standaloneKafka}). */
    private final EmbeddedKafkaKraftBroker kafka;

    private final StandaloneKafka standaloneKafka;
    /** For a drill set: the application reaches PostgreSQL through it, so a drill can cut it. */
    private final TcpProxy postgresProxy;

    private EmbeddedServices(Kind kind) throws Exception {
        long started = System.nanoTime();
        postgres = EmbeddedPostgres.builder().setPort(freePort()).start();
        createDatabase();
        boolean replicated = kind == Kind.REDIS_FAILOVER;
        boolean clustered = kind == Kind.SHARED_ON_REDIS_CLUSTER;
        replicatedRedis = replicated ? new ReplicatedRedis() : null;
        redisCluster = clustered ? new RedisCluster(3, 1) : null;
        redisPort = replicated ? replicatedRedis.clientPort() : clustered ? -1 : freePort();
        redis = replicated || clustered ? null : startRedis(redisPort);
        if (kind == Kind.OUTAGE_DRILLS) {
            kafka = null;
            standaloneKafka = StandaloneKafka.start();
            postgresProxy = new TcpProxy(postgres.getPort());
        } else if (kind == Kind.KAFKA_REPLICAS) {
            kafka = null;
            standaloneKafka = StandaloneKafka.startThree(KAFKA_REPLICA_LAG);
            postgresProxy = null;
        } else {
            kafka = new EmbeddedKafkaKraftBroker(1, 3);
            kafka.kafkaPorts(freePort());
            kafka.afterPropertiesSet();
            standaloneKafka = null;
            postgresProxy = null;
        }
        log.info(
                "Embedded services up in {} ms: PostgreSQL :{}, Redis {}, Kafka {}",
                (System.nanoTime() - started) / 1_000_000,
                postgres.getPort(),
                clustered ? "cluster " + redisCluster.nodes() : ":" + redisPort,
                kafkaServers());
    }

    /**
     * A private set for outage drills, apart from the shared one: its Kafka runs in its own process
     * and keeps its log across a restart, and PostgreSQL is reached through a proxy that can be cut.
     * The caller stops it with {@link #stop()}.
     */
    public static EmbeddedServices forDrills() {
        try {
            return new EmbeddedServices(Kind.OUTAGE_DRILLS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the drill servers", e);
        }
    }

    /**
     * A private set for Redis failover drills: Redis is a primary with an asynchronous replica
     * ({@link #replicatedRedis()}), Kafka the in-JVM broker. The caller stops it with {@link #stop()}.
     */
    public static EmbeddedServices withReplicatedRedis() {
        try {
            return new EmbeddedServices(Kind.REDIS_FAILOVER);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the failover drill servers", e);
        }
    }

    /**
     * A private set for Kafka drills: three brokers in processes of their own with the shipped
     * durability ({@link StandaloneKafka#startThree}), a follower dropping out of the in-sync set
     * after {@link #KAFKA_REPLICA_LAG}. The caller stops it with {@link #stop()}.
     */
    public static EmbeddedServices withThreeKafkaBrokers() {
        try {
            return new EmbeddedServices(Kind.KAFKA_REPLICAS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the Kafka drill servers", e);
        }
    }

    /** The three masters when the set runs on a Redis Cluster, else null. */
    public RedisCluster redisCluster() {
        return redisCluster;
    }

    public ReplicatedRedis replicatedRedis() {
        return replicatedRedis;
    }

    private String kafkaServers() {
        return kafka != null ? kafka.getBrokersAsString() : standaloneKafka.bootstrapServers();
    }

    public StandaloneKafka standaloneKafka() {
        return standaloneKafka;
    }

    public TcpProxy postgresProxy() {
        return postgresProxy;
    }

    /**
     * Starts the servers on first use; later calls return the same running set. With the system
     * property {@value #REDIS_CLUSTER_PROPERTY}{@code =true} the set's Redis is a three-master
     * Redis Cluster: the build runs a part of the integration tests so (see the pom).
     */
    public static synchronized EmbeddedServices shared() {
        if (shared == null) {
            try {
                shared = new EmbeddedServices(
                        Boolean.getBoolean(REDIS_CLUSTER_PROPERTY) ? Kind.SHARED_ON_REDIS_CLUSTER : Kind.SHARED);
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the embedded servers", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "embedded-services-stop"));
        }
        return shared;
    }

    /** The standard Spring properties that point the application at these servers. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        int r2dbcPort = postgresProxy != null ? postgresProxy.port() : postgres.getPort();
        properties.put("spring.r2dbc.url", "r2dbc:postgresql://localhost:" + r2dbcPort + "/" + DATABASE);
        properties.put("spring.r2dbc.username", APP_ROLE);
        properties.put("spring.r2dbc.password", APP_ROLE);
        properties.put("spring.flyway.url", jdbcUrl());
        properties.put("spring.flyway.user", OWNER_ROLE);
        properties.put("spring.flyway.password", OWNER_ROLE);
        if (redisCluster != null) {
            properties.put("spring.data.redis.cluster.nodes", redisCluster.nodes());
            // As a cluster deployment runs: a claim counts once its master's replica holds it.
            // The wait is generous, for a loaded build machine; a missed one answers "try later".
            properties.put("yuyue.inventory.redis.replicas-to-acknowledge", "1");
            properties.put("yuyue.inventory.redis.replica-timeout", "2s");
        } else {
            properties.put("spring.data.redis.host", "localhost");
            properties.put("spring.data.redis.port", String.valueOf(redisPort));
        }
        properties.put("spring.kafka.bootstrap-servers", kafkaServers());
        return properties;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public int redisPort() {
        return redisPort;
    }

    /** How a client outside the application reaches this set's Redis, standalone or cluster. */
    public org.springframework.data.redis.connection.RedisConfiguration redisConfiguration() {
        if (redisCluster != null) {
            return new org.springframework.data.redis.connection.RedisClusterConfiguration(
                    java.util.List.of(redisCluster.nodes().split(",")));
        }
        return new org.springframework.data.redis.connection.RedisStandaloneConfiguration("localhost", redisPort);
    }

    /** Stops Redis, losing its memory, as an outage does. */
    public synchronized void stopRedis() {
        try {
            redis.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an empty Redis on the same port, as after a crash without persistence. */
    public synchronized void startRedis() {
        redis = startRedis(redisPort);
    }

    /** Runs before the servers stop on JVM exit: the application closes first, then its servers. */
    public void beforeStop(Runnable action) {
        beforeStop.add(action);
    }

    public synchronized void stop() {
        beforeStop.forEach(action -> quietly("application", action::run));
        if (kafka != null) {
            quietly("Kafka", kafka::destroy);
        } else {
            quietly("Kafka", standaloneKafka::stop);
            if (postgresProxy != null) {
                quietly("PostgreSQL proxy", postgresProxy::close);
            }
        }
        if (replicatedRedis != null) {
            quietly("Redis", replicatedRedis::close);
        } else if (redisCluster != null) {
            quietly("Redis", redisCluster::close);
        } else {
            quietly("Redis", redis::stop);
        }
        quietly("PostgreSQL", postgres::close);
    }

    /**
     * The two roles production has: the database (and so, on PostgreSQL 15+, its public schema,
     * owned by pg_database_owner) belongs to the owner role; the application's role gets its rights
     * from the migrations alone. The superuser "postgres" is used only here.
     */
    private void createDatabase() throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + OWNER_ROLE + " LOGIN PASSWORD '" + OWNER_ROLE + "'");
            statement.execute("CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + APP_ROLE + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER_ROLE);
        }
    }

    private static RedisServer startRedis(int port) {
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis on port " + port, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void quietly(String name, ThrowingRunnable stop) {
        try {
            stop.run();
        } catch (Exception e) {
            log.warn("Stopping embedded {} failed: {}", name, e.toString());
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private enum Kind {
        /** The integration tests' and the local run mode's set. */
        SHARED,
        /** The same, with a three-master Redis Cluster for Redis. */
        SHARED_ON_REDIS_CLUSTER,
        /** Kafka in its own process, PostgreSQL behind a proxy that can be cut. */
        OUTAGE_DRILLS,
        /** Redis as a primary and an asynchronous replica. */
        REDIS_FAILOVER,
        /** Three Kafka brokers in processes of their own. */
        KAFKA_REPLICAS
    }
}
