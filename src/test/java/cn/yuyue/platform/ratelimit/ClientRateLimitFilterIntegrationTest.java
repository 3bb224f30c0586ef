package cn.yuyue.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import cn.yuyue.IntegrationTestSupport;
import cn.yuyue.platform.web.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The per-client limit against the real Redis, with a small limit of its own. */
class ClientRateLimitFilterIntegrationTest extends IntegrationTestSupport {

    @Autowired
    RateLimiter limiter;

    private final AtomicInteger served = new AtomicInteger();

    @Test
    void should_refuse_a_flooding_client_and_keep_serving_the_others() {
        ClientRateLimitFilter filter = new ClientRateLimitFilter(limiter, new RateLimitProperties(3, 0));
        String flooder = "10.9." + ThreadLocalRandom.current().nextInt(255) + "." + ThreadLocalRandom.current().nextInt(255);

        for (int i = 0; i < 3; i++) {
            StepVerifier.create(filter.filter(exchange(flooder, "/api/v1/halls"), this::serve)).verifyComplete();
        }
        StepVerifier.create(filter.filter(exchange(flooder, "/api/v1/halls"), this::serve))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ApiProblem.class);
                    ApiProblem problem = (ApiProblem) error;
                    assertThat(problem.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(problem.code()).isEqualTo("RATE_LIMITED");
                    assertThat(problem.retryAfter()).isPresent();
                })
                .verify();
        StepVerifier.create(filter.filter(exchange("10.8.0.1", "/api/v1/halls"), this::serve)).verifyComplete();
        // Behind a proxy the address comes from X-Forwarded-For, unresolved: each is still its own client.
        String proxied = "10.7." + ThreadLocalRandom.current().nextInt(255) + ".";
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(filter.filter(forwarded(proxied + 1), this::serve)).verifyComplete();
        }
        StepVerifier.create(filter.filter(forwarded(proxied + 2), this::serve)).verifyComplete();
        // Authenticated queue systems and non-API paths are not counted.
        StepVerifier.create(filter.filter(exchange(flooder, "/api/v1/queue-systems/halls/34010101/state"), this::serve))
                .verifyComplete();
        StepVerifier.create(filter.filter(exchange(flooder, "/actuator/health"), this::serve)).verifyComplete();
        assertThat(served).hasValue(10);
    }

    private Mono<Void> serve(org.springframework.web.server.ServerWebExchange exchange) {
        served.incrementAndGet();
        return Mono.empty();
    }

    private static MockServerWebExchange forwarded(String address) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/halls")
                .remoteAddress(InetSocketAddress.createUnresolved(address, 0)));
    }

    private static MockServerWebExchange exchange(String address, String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.get(path)
                .remoteAddress(new InetSocketAddress(address, 40000)));
    }
}
