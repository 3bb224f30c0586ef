package cn.yuyue.verification;

import java.time.Duration;
import java.time.OffsetDateTime;

import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/verification-codes}: an agent proves their mobile number by SMS code. */
@RestController
@RequestMapping("/api/v1/verification-codes")
@Tag(name = "Phone verification", description = "SMS codes and the phone token booking calls carry")
class VerificationController {

    static final String RATE_LIMITED = "RATE_LIMITED";
    static final String HUMAN_CHECK_REQUIRED = "HUMAN_CHECK_REQUIRED";
    static final String HUMAN_CHECK_FAILED = "HUMAN_CHECK_FAILED";
    private static final String REQUIRED = "is required";
    private static final Duration SMS_RETRY = Duration.ofSeconds(10);

    private final SendingVerificationCode sending;
    private final ConfirmingPhone confirming;

    VerificationController(SendingVerificationCode sending, ConfirmingPhone confirming) {
        this.sending = sending;
        this.confirming = confirming;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Send the phone a one-time code by SMS",
            description = "202 {expiresInSeconds}. After a few codes from one client address (yuyue.verification."
                    + "human-check-after, 3 an hour) 428 HUMAN_CHECK_REQUIRED unless the body carries humanCheck "
                    + "{id, answer}, solved from POST /api/v1/human-checks; a wrong, expired or used answer is 422 "
                    + "HUMAN_CHECK_FAILED. 429 RATE_LIMITED with Retry-After for the per-phone and SMS budget limits. "
                    + "Nothing is sent on any refusal.")
    Mono<CodeSent> sendCode(@Valid @RequestBody CodeRequest request, ServerHttpRequest http) {
        return sending.send(request.phone(), ClientAddress.of(http), request.humanCheck())
                .flatMap(VerificationController::answer);
    }

    @PostMapping("/verify")
    @Operation(
            summary = "Trade the SMS code for a phone token",
            description = "200 {token, expiresAt}; 401 VERIFICATION_REQUIRED for a wrong, used or expired code.")
    Mono<TokenIssued> verify(@Valid @RequestBody VerifyRequest request) {
        return confirming.confirm(request.phone(), request.code()).flatMap(VerificationController::answer);
    }

    // Java 17 has no pattern switch; the sealed types keep these chains complete.
    private static Mono<CodeSent> answer(CodeIssue issue) {
        if (issue instanceof CodeIssue.Issued issued) {
            return Mono.just(new CodeSent(issued.validFor().toSeconds()));
        }
        if (issue instanceof CodeIssue.TooSoon tooSoon) {
            return Mono.error(rateLimited(
                    "A code was sent to this phone moments ago; wait before asking for another", tooSoon.retryAfter()));
        }
        if (issue instanceof CodeIssue.BudgetSpent spent) {
            return Mono.error(rateLimited(
                    spent.byClient()
                            ? "Too many codes were asked for from this address; wait before asking for another"
                            : "Too many codes are being sent right now; try again shortly",
                    spent.retryAfter()));
        }
        if (issue instanceof CodeIssue.HumanCheckRequired) {
            return Mono.error(ApiProblem.of(
                            HttpStatus.PRECONDITION_REQUIRED,
                            HUMAN_CHECK_REQUIRED,
                            "Human check required",
                            "Many codes were asked for from this address: solve a human "
                                    + "check (POST /api/v1/human-checks) and send it as humanCheck {id, answer}")
                    .with("humanChecks", "/api/v1/human-checks"));
        }
        if (issue instanceof CodeIssue.HumanCheckFailed) {
            return Mono.error(ApiProblem.of(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    HUMAN_CHECK_FAILED,
                    "Human check failed",
                    "The human check's answer is wrong, expired or already used; "
                            + "ask for a new one. No code was sent"));
        }
        if (issue instanceof CodeIssue.DailyLimitReached limit) {
            return Mono.error(
                    rateLimited("This phone has had today's number of codes; try again tomorrow", limit.retryAfter()));
        }
        return Mono.error(ApiProblem.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "TRY_LATER",
                        "SMS not sent",
                        "The SMS could not be sent; no code is pending, try again shortly")
                .retryAfter(SMS_RETRY));
    }

    private static Mono<TokenIssued> answer(ConfirmingPhone.Confirmation confirmation) {
        if (confirmation instanceof ConfirmingPhone.Confirmation.Confirmed confirmed) {
            PhoneTokens.IssuedToken token = confirmed.token();
            return Mono.just(
                    new TokenIssued(token.token(), OffsetDateTime.ofInstant(token.expiresAt(), ProvinceTime.ZONE)));
        }
        return Mono.error(refusal(((ConfirmingPhone.Confirmation.Refused) confirmation).reason()));
    }

    private static ApiProblem refusal(CodeCheck reason) {
        if (reason instanceof CodeCheck.Mismatched wrong) {
            return PhoneVerification.verificationRequired(
                            wrong.attemptsLeft() > 0
                                    ? "Wrong code; " + wrong.attemptsLeft() + " attempt(s) left"
                                    : "Wrong code; it is now void, request a new one")
                    .with("attemptsLeft", wrong.attemptsLeft());
        }
        return PhoneVerification.verificationRequired(
                "No valid code for this phone (expired, used or void); request a new one");
    }

    private static ApiProblem rateLimited(String detail, Duration retryAfter) {
        // Round up: "Retry-After: 0" or a second early would only earn the client another 429.
        Duration whole = Duration.ofSeconds((retryAfter.toMillis() + 999) / 1000);
        return ApiProblem.of(HttpStatus.TOO_MANY_REQUESTS, RATE_LIMITED, "Too many requests", detail)
                .retryAfter(whole);
    }

    // Literal messages, not the {jakarta...} defaults: resolving those loads a resource bundle,
    // file I/O on the event loop at the first invalid request (BlockHound catches it).
    /** {@code humanCheck} is needed only once the service asked for it (428). */
    record CodeRequest(
            @NotBlank(message = REQUIRED) @MobilePhone String phone,
            @Valid HumanCheckAnswer humanCheck) {}

    record VerifyRequest(
            @NotBlank(message = REQUIRED) @MobilePhone String phone,

            @NotBlank(message = REQUIRED) @Pattern(regexp = "^\\d{6}$", message = "must be the 6 digits of the SMS")
            String code) {}

    record CodeSent(long expiresInSeconds) {}

    record TokenIssued(String token, OffsetDateTime expiresAt) {}
}
