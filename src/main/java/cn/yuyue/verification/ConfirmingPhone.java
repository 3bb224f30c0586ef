package cn.yuyue.verification;

import java.time.Clock;
import java.time.Instant;

import reactor.core.publisher.Mono;

/** Turns a phone's right SMS code into a verification token. */
final class ConfirmingPhone {

    private final RedisVerificationCodes codes;
    private final OneTimeCodes oneTimeCodes;
    private final PhoneTokens tokens;
    private final Clock clock;

    ConfirmingPhone(RedisVerificationCodes codes, OneTimeCodes oneTimeCodes, PhoneTokens tokens, Clock clock) {
        this.codes = codes;
        this.oneTimeCodes = oneTimeCodes;
        this.tokens = tokens;
        this.clock = clock;
    }

    Mono<Confirmation> confirm(String phone, String code) {
        Instant now = clock.instant();
        return codes.check(phone, oneTimeCodes.digest(phone, code), now)
                .map(check -> check instanceof CodeCheck.Matched
                        ? new Confirmation.Confirmed(tokens.issue(phone, now))
                        : new Confirmation.Refused(check));
    }

    sealed interface Confirmation {

        record Confirmed(PhoneTokens.IssuedToken token) implements Confirmation {}

        record Refused(CodeCheck reason) implements Confirmation {}
    }
}
