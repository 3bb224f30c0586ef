package cn.yuyue;

import java.time.Duration;

import cn.yuyue.platform.local.EmbeddedServices;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
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
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("test")
public abstract class IntegrationTestSupport {

    static {
        BlockHound.install(builder -> builder
                // springdoc scans classes once to build the description; production pre-loads it
                // at start-up (springdoc.pre-loading-enabled), a test may still race it.
                .allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi"));
    }

    @Autowired
    protected WebTestClient web;

    @DynamicPropertySource
    static void embeddedServices(DynamicPropertyRegistry registry) {
        EmbeddedServices.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    protected static Duration patience() {
        return Duration.ofSeconds(30);
    }
}
