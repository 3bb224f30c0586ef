package cn.yuyue.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** Against a real HTTP server on a free port that plays the gateway. */
class HttpSmsGatewayTest {

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    @Test
    void should_post_phone_and_text_with_the_bearer_credential() {
        HttpSmsGateway gateway = gatewayAnswering(200);

        StepVerifier.create(gateway.send("13800138000", "您的验证码为123456")).verifyComplete();

        assertThat(authorizations).containsExactly("Bearer s3cret");
        assertThat(bodies)
                .singleElement()
                .satisfies(body ->
                        assertThat(body).contains("\"phone\":\"13800138000\"").contains("\"text\":\"您的验证码为123456\""));
    }

    @Test
    void should_retry_once_when_the_gateway_fails() {
        HttpSmsGateway gateway = gatewayAnswering(503, 204);

        StepVerifier.create(gateway.send("13800138000", "text")).verifyComplete();

        assertThat(bodies).hasSize(2);
    }

    @Test
    void should_give_up_after_one_retry() {
        HttpSmsGateway gateway = gatewayAnswering(500, 502, 200);

        StepVerifier.create(gateway.send("13800138000", "text"))
                .expectError(WebClientResponseException.class)
                .verify(Duration.ofSeconds(10));

        assertThat(bodies).hasSize(2);
    }

    @Test
    void should_not_retry_a_refusal() {
        HttpSmsGateway gateway = gatewayAnswering(400, 200);

        StepVerifier.create(gateway.send("13800138000", "text"))
                .expectError(WebClientResponseException.BadRequest.class)
                .verify(Duration.ofSeconds(10));

        assertThat(bodies).hasSize(1);
    }

    @Test
    void should_time_out_without_retrying_as_the_message_may_have_gone_out() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive()
                        .aggregate()
                        .asString()
                        .doOnNext(bodies::add)
                        .then(Mono.delay(Duration.ofSeconds(5)))
                        .then(response.status(200).send()))
                .bindNow();
        HttpSmsGateway gateway = new HttpSmsGateway(new SmsProperties.Gateway(
                URI.create("http://127.0.0.1:" + server.port() + "/send"), "s3cret", Duration.ofMillis(300)));

        StepVerifier.create(gateway.send("13800138000", "text"))
                .expectErrorMatches(failure -> failure instanceof TimeoutException
                        || failure.getCause() instanceof io.netty.handler.timeout.ReadTimeoutException)
                .verify(Duration.ofSeconds(10));

        assertThat(bodies).hasSize(1);
    }

    @Test
    void should_fail_when_the_gateway_cannot_be_reached() {
        DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        int port = closed.port();
        closed.disposeNow();
        HttpSmsGateway gateway = new HttpSmsGateway(new SmsProperties.Gateway(
                URI.create("http://127.0.0.1:" + port + "/send"), "s3cret", Duration.ofSeconds(2)));

        StepVerifier.create(gateway.send("13800138000", "text"))
                .expectError(WebClientRequestException.class)
                .verify(Duration.ofSeconds(10));
    }

    private HttpSmsGateway gatewayAnswering(int... statuses) {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> {
                    authorizations.add(request.requestHeaders().get("Authorization"));
                    int status = statuses[Math.min(calls.getAndIncrement(), statuses.length - 1)];
                    return request.receive()
                            .aggregate()
                            .asString()
                            .doOnNext(bodies::add)
                            .then(response.status(status).send());
                })
                .bindNow();
        // Generous: a first request on a loaded 2-core machine may take seconds; the time-out
        // behaviour has its own test with a gateway that never answers.
        return new HttpSmsGateway(new SmsProperties.Gateway(
                URI.create("http://127.0.0.1:" + server.port() + "/send"), "s3cret", Duration.ofSeconds(15)));
    }
}
