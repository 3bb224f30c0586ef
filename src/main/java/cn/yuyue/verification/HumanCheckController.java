package cn.yuyue.verification;

import java.time.Duration;
import java.time.OffsetDateTime;

import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.ratelimit.RateLimiter;
import cn.yuyue.platform.web.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/human-checks}: a challenge to solve before asking for more SMS codes. */
@RestController
@RequestMapping("/api/v1/human-checks")
@Tag(name = "Phone verification")
class HumanCheckController {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final HumanCheck humanCheck;
    private final RateLimiter limiter;
    private final int perClientPerMinute;

    HumanCheckController(HumanCheck humanCheck, RateLimiter limiter, VerificationProperties properties) {
        this.humanCheck = humanCheck;
        this.limiter = limiter;
        this.perClientPerMinute = properties.humanChecksPerMinute();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "A new human check (图形验证码)",
            description = "201 {id, image: data:image/png;base64,..., expiresAt}. Show the image, send the typed "
                    + "characters with the next code request as humanCheck {id, answer}; single use, about two "
                    + "minutes, a few wrong answers void it. 429 RATE_LIMITED beyond "
                    + "yuyue.verification.human-checks-per-minute from one client address.")
    Mono<ChallengeIssued> issue(ServerHttpRequest http) {
        String client = ClientAddress.of(http);
        // Counted before drawing: each image is CPU work that anyone may ask for.
        return limiter.check("human-checks:client:" + ClientAddress.bucket(http), perClientPerMinute, MINUTE)
                .then(Mono.defer(() -> humanCheck.challenge(client)))
                .map(challenge -> new ChallengeIssued(
                        challenge.id(),
                        challenge.image(),
                        OffsetDateTime.ofInstant(challenge.expiresAt(), ProvinceTime.ZONE)));
    }

    record ChallengeIssued(String id, String image, OffsetDateTime expiresAt) {}
}
