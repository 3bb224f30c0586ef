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
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The per-client limit against the real Redis, with a small limit of its own, behind the
 * application's forwarded-header handling (the test profile trusts only the loopback address).
 */
class ClientRateLimitFilterIntegrationTest extends IntegrationTestSupport {

    @Autowired
    RateLimiter limiter;

    @Autowired
    ForwardedHeaderTransformer forwardedHeaders;

    private final AtomicInteger served = new AtomicInteger();

    @Test
    void should_refuse_a_flooding_client_and_keep_serving_the_others() {
        ClientRateLimitFilter filter = new ClientRateLimitFilter(
                limiter, new RateLimitProperties(3, 0), new InProcessCallers(new java.util.Random(1)));
        String flooder = "10.9." + ThreadLocalRandom.current().nextInt(255) + "."
                + ThreadLocalRandom.current().nextInt(255);

        for (int i = 0; i < 3; i++) {
            StepVerifier.create(filter.filter(exchange(flooder, "/api/v1/halls"), this::serve))
                    .verifyComplete();
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
        StepVerifier.create(filter.filter(exchange("10.8.0.1", "/api/v1/halls"), this::serve))
                .verifyComplete();
        // Behind a proxy the address comes from X-Forwarded-For, unresolved: each is still its own client.
        String proxied = "10.7." + ThreadLocalRandom.current().nextInt(255) + ".";
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(filter.filter(forwarded(proxied + 1), this::serve))
                    .verifyComplete();
        }
        StepVerifier.create(filter.filter(forwarded(proxied + 2), this::serve)).verifyComplete();
        // Authenticated queue systems and non-API paths are not counted.
        StepVerifier.create(filter.filter(exchange(flooder, "/api/v1/queue-systems/halls/34010101/state"), this::serve))
                .verifyComplete();
        StepVerifier.create(filter.filter(exchange(flooder, "/actuator/health"), this::serve))
                .verifyComplete();
        assertThat(served).hasValue(10);
    }

    @Test
    void should_count_a_request_from_an_untrusted_peer_against_the_peer_whatever_it_forwards() {
        ClientRateLimitFilter filter = new ClientRateLimitFilter(
                limiter, new RateLimitProperties(3, 0), new InProcessCallers(new java.util.Random(1)));
        String peer = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(filter.filter(viaTransformer(peer, "X-Forwarded-For", freshAddress()), this::serve))
                    .verifyComplete();
        }
        StepVerifier.create(filter.filter(viaTransformer(peer, "Forwarded", "for=" + freshAddress()), this::serve))
                .expectError(ApiProblem.class)
                .verify();
    }

    @Test
    void should_count_the_client_a_trusted_proxy_appended_not_the_one_the_client_wrote() {
        ClientRateLimitFilter filter = new ClientRateLimitFilter(
                limiter, new RateLimitProperties(3, 0), new InProcessCallers(new java.util.Random(1)));
        String client = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(filter.filter(
                            viaTransformer("127.0.0.1", "X-Forwarded-For", freshAddress() + ", " + client),
                            this::serve))
                    .verifyComplete();
        }
        StepVerifier.create(filter.filter(
                        viaTransformer("127.0.0.1", "X-Forwarded-For", freshAddress() + ", " + client), this::serve))
                .expectError(ApiProblem.class)
                .verify();
    }

    @Test
    void should_count_the_addresses_of_one_ipv6_64_behind_a_trusted_proxy_as_one_client() {
        ClientRateLimitFilter filter = new ClientRateLimitFilter(
                limiter, new RateLimitProperties(3, 0), new InProcessCallers(new java.util.Random(1)));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String network = "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + ":"
                + Integer.toHexString(random.nextInt(0x10000)) + ":";
        for (String address : new String[] {network + ":1", network + "ffff:1:2:3", network + ":1"}) {
            StepVerifier.create(filter.filter(viaTransformer("127.0.0.1", "X-Forwarded-For", address), this::serve))
                    .verifyComplete();
        }
        StepVerifier.create(
                        filter.filter(viaTransformer("127.0.0.1", "X-Forwarded-For", network + "a:b:c:d"), this::serve))
                .expectError(ApiProblem.class)
                .verify();
        String neighbour = "2001:db9:" + Integer.toHexString(random.nextInt(0x10000)) + "::1";
        StepVerifier.create(filter.filter(viaTransformer("127.0.0.1", "X-Forwarded-For", neighbour), this::serve))
                .verifyComplete();
        assertThat(served).hasValue(4);
    }

    @Test
    void should_count_a_request_whatever_prefix_a_proxy_gives_it() {
        ClientRateLimitFilter filter = new ClientRateLimitFilter(
                limiter, new RateLimitProperties(3, 0), new InProcessCallers(new java.util.Random(1)));
        String client = "198.18.7." + ThreadLocalRandom.current().nextInt(1, 255);
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(filter.filter(prefixed(client), this::serve)).verifyComplete();
        }
        StepVerifier.create(filter.filter(prefixed(client), this::serve))
                .expectError(ApiProblem.class)
                .verify();
    }

    private ServerWebExchange prefixed(String client) {
        return transformed(MockServerHttpRequest.get("/api/v1/business-types")
                .remoteAddress(new InetSocketAddress("127.0.0.1", 40000))
                .header("X-Forwarded-For", client)
                .header("X-Forwarded-Prefix", "/x")
                .build());
    }

    /** The request as the application's forwarded-header handling leaves it, before any filter. */
    private ServerWebExchange viaTransformer(String peer, String header, String value) {
        return transformed(MockServerHttpRequest.get("/api/v1/halls")
                .remoteAddress(new InetSocketAddress(peer, 40000))
                .header(header, value)
                .build());
    }

    private ServerWebExchange transformed(MockServerHttpRequest request) {
        return MockServerWebExchange.from(request)
                .mutate()
                .request(forwardedHeaders.apply(request))
                .build();
    }

    private static String freshAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "100." + random.nextInt(64, 128) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    private Mono<Void> serve(ServerWebExchange exchange) {
        served.incrementAndGet();
        return Mono.empty();
    }

    private static MockServerWebExchange forwarded(String address) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/halls")
                .remoteAddress(InetSocketAddress.createUnresolved(address, 0)));
    }

    private static MockServerWebExchange exchange(String address, String path) {
        return MockServerWebExchange.from(
                MockServerHttpRequest.get(path).remoteAddress(new InetSocketAddress(address, 40000)));
    }
}
