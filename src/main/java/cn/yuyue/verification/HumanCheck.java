package cn.yuyue.verification;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * A check that a person, not a script, is asking for SMS codes: demanded after a few codes from one
 * client address, so that a script cannot make the service text strangers at the rate the SMS
 * budgets allow.
 *
 * <p>The built-in implementation is an image captcha ({@code ImageHumanCheck}, 图形验证码). A
 * province that uses a slider or another provider sets {@code yuyue.verification.human-check-provider}
 * to its own name and declares a bean of this type that calls the provider; the booking page shows
 * {@link Challenge#image()} and sends the typed answer back.
 *
 * <p>Implementations must not block: both methods run on event-loop threads.
 */
public interface HumanCheck {

    /**
     * A new challenge for the client at {@code client} (its address, which a provider may pass on
     * for its own risk scoring).
     */
    Mono<Challenge> challenge(String client);

    /**
     * Whether {@code answer} solves the live challenge {@code id}. A solved challenge is used up; an
     * unknown, expired or used one, or a wrong answer, is {@code false}. Errs only when the answer
     * could not be checked (the caller then sends nothing).
     */
    Mono<Boolean> solves(String id, String answer, String client);

    /**
     * @param id        names the challenge in the answer
     * @param image     what to show: a {@code data:image/png;base64,...} URL
     * @param expiresAt after this the challenge cannot be solved
     */
    record Challenge(String id, String image, Instant expiresAt) {}
}
