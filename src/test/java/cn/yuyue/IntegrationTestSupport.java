package cn.yuyue;

import java.time.Duration;

import cn.yuyue.platform.TestClock;
import cn.yuyue.platform.local.EmbeddedServices;
import cn.yuyue.verification.RememberedCaptchaTexts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.blockhound.BlockHound;

/**
 * Base of every {@code *IntegrationTest}: the whole application on a random port, against the
 * real embedded servers that start once per test JVM, with BlockHound watching for blocking calls
 * on event-loop threads. Every subclass shares one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTestSupport.TestBeans.class)
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("test")
public abstract class IntegrationTestSupport {

    static {
        BlockHound.install(builder -> builder
                // Recorded and failed at the end of the test (BlockingCalls), not thrown from
                // inside the library that blocked, whose state the error would break.
                .blockingMethodCallback(BlockingCalls::record)
                // springdoc scans classes once to build the description; production pre-loads it
                // at start-up (springdoc.pre-loading-enabled), a test may still race it.
                .allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi")
                // Lettuce guards its write path with a lock held for a few instructions while
                // commands from several event loops are queued; it never waits on I/O.
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
                // The same lock taken exclusively (while a connection goes down or buffers
                // commands), and the command-timeout timer's queue lock. A BlockingOperationError
                // thrown inside these sections leaves Lettuce's writer count behind, and its next
                // exclusive section then spins forever (lettuce#3880): the drills hung the suite so.
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive")
                .allowBlockingCallsInside("io.lettuce.core.protocol.CommandExpiryWriter", "potentiallyExpire")
                // On Redis Cluster, Lettuce caches each node's connection under a lock held for a
                // map update, from whichever event loop asks for the node first: inside
                // getWriteConnection, or in its callback once a connection still opening is open.
                .allowBlockingCallsInside(
                        "io.lettuce.core.cluster.PooledClusterConnectionProvider", "getWriteConnection")
                .allowBlockingCallsInside(
                        "io.lettuce.core.cluster.PooledClusterConnectionProvider", "lambda$getWriteConnection$0")
                // Spring Data Redis hands out its shared, already open connection under a lock
                // (EagerRedisConnection opens it at start-up; Lettuce reconnects it by itself).
                .allowBlockingCallsInside(
                        "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", "doInLock")
                // Netty's adaptive buffer allocator takes a magazine's lock for a few instructions when
                // it grows or frees a magazine; it never waits on I/O. Flagged on an R2DBC read, the
                // error killed the PostgreSQL connection under a test.
                .allowBlockingCallsInside(
                        "io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
                // Netty's HTTP client loads the zstd native library from its jar the first time a
                // compressed answer is decoded, once per JVM, on whichever event loop reads it.
                .allowBlockingCallsInside("com.github.luben.zstd.util.Native", "load")
                // Hibernate Validator builds each bean type's metadata once under a segment lock,
                // then caches it; two event loops validating the first request of a type race there.
                .allowBlockingCallsInside(
                        "org.hibernate.validator.internal.metadata.BeanMetaDataManagerImpl", "getBeanMetaData")
                // Jackson builds each type's (de)serializer once under a lock, then caches it.
                .allowBlockingCallsInside(
                        "tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
                .allowBlockingCallsInside(
                        "tools.jackson.databind.ser.SerializerCache", "addAndResolveNonTypedSerializer"));
    }

    @Autowired
    protected WebTestClient web;

    @DynamicPropertySource
    static void embeddedServices(DynamicPropertyRegistry registry) {
        EmbeddedServices.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    protected TestClock clock;

    protected static Duration patience() {
        return Duration.ofSeconds(60);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {

        /**
         * Problems answer in Chinese by default; the tests assert codes, and the few that read a
         * detail read the English one. ProblemLanguageIntegrationTest covers both languages.
         */
        @Bean
        WebTestClientBuilderCustomizer englishProblems() {
            return builder -> builder.defaultHeader(HttpHeaders.ACCEPT_LANGUAGE, "en");
        }

        /** Lets tests solve captchas, whose answers the service keeps only as digests. */
        @Bean
        @Primary
        RememberedCaptchaTexts rememberedCaptchaTexts() {
            return new RememberedCaptchaTexts();
        }

        /** Replaces the system clock in the shared context; see {@link TestClock}. */
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
