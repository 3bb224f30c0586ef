package cn.yuyue.verification;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import cn.yuyue.notification.SmsSender;
import cn.yuyue.notification.SmsTemplates;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** Sends a phone a fresh one-time code by SMS, within the client's, everyone's and the phone's limits. */
final class SendingVerificationCode {

    static final String TEMPLATE = "verification-code";
    private static final Logger log = LoggerFactory.getLogger(SendingVerificationCode.class);

    private final RedisVerificationCodes codes;
    private final OneTimeCodes oneTimeCodes;
    private final SmsSender sms;
    private final SmsTemplates templates;
    private final Clock clock;
    private final CodeBudgets budgets;
    private final Counter sent;
    private final HumanCheckGate humanCheckGate;

    SendingVerificationCode(
            RedisVerificationCodes codes,
            OneTimeCodes oneTimeCodes,
            SmsSender sms,
            SmsTemplates templates,
            Clock clock,
            CodeBudgets budgets,
            Counter sent,
            HumanCheckGate humanCheckGate) {
        this.codes = codes;
        this.oneTimeCodes = oneTimeCodes;
        this.sms = sms;
        this.templates = templates;
        this.clock = clock;
        this.budgets = budgets;
        this.sent = sent;
        this.humanCheckGate = humanCheckGate;
    }

    /**
     * {@code client} is the caller's address ({@link cn.yuyue.platform.web.ClientAddress#of}; the
     * budgets count it by its bucket, an IPv6 client per /64);
     * {@code humanCheck} the answer to a human check, or null. The human check comes first, so a
     * refused request spends none of the client's or everyone's budget.
     */
    Mono<CodeIssue> send(String phone, String client, HumanCheckAnswer humanCheck) {
        return humanCheckGate
                .refusal(client, humanCheck)
                .switchIfEmpty(Mono.defer(() -> budgets.spend(client).<CodeIssue>map(spent -> spent)))
                .switchIfEmpty(Mono.defer(() -> issue(phone)))
                .onErrorResume(failure -> {
                    log.warn(
                            "No verification code sent: the human check or the SMS budgets could not be checked: {}",
                            failure.toString());
                    return Mono.just(new CodeIssue.NotSent());
                });
    }

    private Mono<CodeIssue> issue(String phone) {
        Instant now = clock.instant();
        String code = oneTimeCodes.newCode();
        String digest = oneTimeCodes.digest(phone, code);
        return codes.issue(phone, digest, now)
                .flatMap(issue -> issue instanceof CodeIssue.Issued issued
                        ? deliver(phone, code, issued).onErrorResume(failure -> withdraw(phone, digest, now))
                        : Mono.just(issue));
    }

    private Mono<CodeIssue> deliver(String phone, String code, CodeIssue.Issued issued) {
        String text = templates.render(
                TEMPLATE,
                Map.of("code", code, "minutes", Math.max(1, issued.validFor().toMinutes())));
        return sms.send(phone, text).then(Mono.fromRunnable(sent::increment)).thenReturn(issued);
    }

    /** The SMS adapter has logged the failure; the user gets a "try again" and keeps their quota. */
    private Mono<CodeIssue> withdraw(String phone, String digest, Instant issuedAt) {
        return codes.withdraw(phone, digest, issuedAt).thenReturn(new CodeIssue.NotSent());
    }
}
