package cn.yuyue.verification;

import java.time.Clock;
import java.util.Optional;

import cn.yuyue.platform.web.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells which phone a request's verification token proves. Booking calls start with
 * {@code phoneVerification.require(exchange).flatMap(phone -> ...)}.
 *
 * <p>Pure CPU, no I/O: an HMAC and a clock read per call, safe on the event loop.
 */
public final class PhoneVerification {

    public static final String VERIFICATION_REQUIRED = "VERIFICATION_REQUIRED";

    private static final String BEARER = "Bearer ";

    private final PhoneTokens tokens;
    private final Clock clock;

    PhoneVerification(PhoneTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * The phone a token proves, or empty if the token is missing, malformed, forged or expired.
     *
     * @param bearerToken the token as issued by {@code POST /api/v1/verification-codes/verify}; a whole
     *                    {@code Authorization} header value ({@code Bearer ...}) is accepted too
     */
    public Optional<VerifiedPhone> verify(String bearerToken) {
        if (bearerToken == null) {
            return Optional.empty();
        }
        String token = bearerToken.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? bearerToken.substring(BEARER.length())
                : bearerToken;
        return tokens.verify(token.trim(), clock.instant());
    }

    /**
     * A token for {@code phone} as if its code had been confirmed, without a code or an SMS. For
     * in-process callers only: the start-up warm-up, whose phones are not taxpayers' numbers.
     */
    public String tokenFor(String phone) {
        return tokens.issue(phone, clock.instant()).token();
    }

    /** The phone proved by the request's {@code Authorization: Bearer} token, else 401 VERIFICATION_REQUIRED. */
    public Mono<VerifiedPhone> require(ServerWebExchange exchange) {
        return require(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    }

    /** As {@link #require(ServerWebExchange)}, for functional endpoints. */
    public Mono<VerifiedPhone> require(ServerRequest request) {
        return require(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
    }

    private Mono<VerifiedPhone> require(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Mono.error(
                    verificationRequired("Send the phone verification token as 'Authorization: Bearer {token}'"));
        }
        return Mono.justOrEmpty(verify(authorization))
                .switchIfEmpty(Mono.error(() -> verificationRequired(
                        "The phone verification token is invalid or expired; verify the phone again")));
    }

    /** A 401 VERIFICATION_REQUIRED with {@code detail}; also for other features' phone checks. */
    public static ApiProblem verificationRequired(String detail) {
        return ApiProblem.of(HttpStatus.UNAUTHORIZED, VERIFICATION_REQUIRED, "Phone verification required", detail);
    }
}
