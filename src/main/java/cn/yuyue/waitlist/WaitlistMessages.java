package cn.yuyue.waitlist;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.stream.Collectors;

import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.notification.SmsSender;
import cn.yuyue.notification.SmsTemplates;
import cn.yuyue.platform.Timeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The SMS of an entry that can no longer be served. A booked entry's SMS is the booking's own
 * (sent from its BookingConfirmed event); entries publish no events of their own, so no stream
 * carries an entry's phone or taxpayer. Sent by the one instance whose state change won, so once.
 */
@Component
class WaitlistMessages {

    private static final Logger log = LoggerFactory.getLogger(WaitlistMessages.class);

    private final SmsSender sms;
    private final SmsTemplates templates;
    private final HallCatalogue catalogue;
    private final Duration timeout;

    WaitlistMessages(SmsSender sms, SmsTemplates templates, HallCatalogue catalogue, Timeouts timeouts) {
        this.sms = sms;
        this.templates = templates;
        this.catalogue = catalogue;
        this.timeout = timeouts.backgroundSms();
    }

    /** Never errs: a message that cannot be sent is logged (phone masked) and given up. */
    Mono<Void> expired(WaitlistEntry entry, ExpiryReason reason) {
        return Mono.fromCallable(() -> templates.render(
                        "waitlist-expired",
                        Map.of(
                                "hall",
                                        catalogue
                                                .hall(entry.hallCode())
                                                .map(Hall::name)
                                                .orElse(entry.hallCode()),
                                "date", entry.date().toString(),
                                "starts",
                                        entry.starts().stream()
                                                .map(LocalTime::toString)
                                                .collect(Collectors.joining("、")),
                                "reason", reason.text())))
                .flatMap(text -> sms.send(entry.phone(), text))
                .timeout(timeout)
                .doOnSuccess(sent -> log.debug("Waitlist expiry SMS sent to {}", MaskedPhone.of(entry.phone())))
                .onErrorResume(failure -> {
                    log.warn(
                            "Waitlist expiry SMS to {} not sent: {}",
                            MaskedPhone.of(entry.phone()),
                            failure.toString());
                    return Mono.empty();
                });
    }
}
