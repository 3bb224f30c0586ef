package cn.yuyue.notification;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;

import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * Sends SMS through the province's HTTP SMS gateway: {@code POST {url}} with JSON
 * {@code {"phone", "text"}} and {@code Authorization: Bearer {token}}; any 2xx means accepted.
 */
class HttpSmsGateway implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(HttpSmsGateway.class);
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);

    private final WebClient client;
    private final Duration timeout;

    HttpSmsGateway(SmsProperties.Gateway gateway) {
        this.timeout = gateway.timeout();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .responseTimeout(timeout);
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .baseUrl(gateway.url().toString())
                .defaultHeaders(headers -> headers.setBearerAuth(gateway.token()))
                .build();
    }

    @Override
    public Mono<Void> send(String phone, String text) {
        return attempt(phone, text)
                .retryWhen(Retry.fixedDelay(1, RETRY_DELAY)
                        .filter(HttpSmsGateway::isWorthRetrying)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .doOnSuccess(ignored -> log.debug("SMS to {} accepted by the gateway", MaskedPhone.of(phone)))
                // The text is not logged: it carries verification codes.
                .doOnError(failure -> log.warn("SMS to {} failed: {}", MaskedPhone.of(phone), failure.toString()));
    }

    private Mono<Void> attempt(String phone, String text) {
        return client.post()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone, "text", text))
                .retrieve()
                .toBodilessEntity()
                .then()
                // Also bounds a gateway that accepts the connection and then trickles its answer.
                .timeout(timeout);
    }

    /**
     * Only failures where the message surely did not go out: the gateway said it failed (5xx) or we
     * never reached it. A timeout is not retried, as the first message may still arrive.
     */
    private static boolean isWorthRetrying(Throwable failure) {
        if (failure instanceof WebClientResponseException response) {
            return response.getStatusCode().is5xxServerError();
        }
        return failure instanceof WebClientRequestException
                && NestedExceptionUtils.getMostSpecificCause(failure) instanceof ConnectException;
    }
}
