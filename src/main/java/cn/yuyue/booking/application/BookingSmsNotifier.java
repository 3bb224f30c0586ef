package cn.yuyue.booking.application;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import cn.yuyue.booking.application.BookingEventFeed.EventBatch;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.CancellationPolicy;
import cn.yuyue.hall.BusinessType;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.notification.SmsSender;
import cn.yuyue.notification.SmsTemplates;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.Timeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Sends the booking and cancellation SMS (rule 7) from the booking events, in its own consumer
 * group: the answer to the client never waits for the SMS gateway, and a message survives a
 * restart because its event does. Each event is sent at most once (a Redis marker per event),
 * and a gateway that keeps failing costs one message, logged, never the stream. An event whose
 * personal fields cannot be decrypted here has no phone to send to: its message is not sent,
 * logged, and counted by the feed.
 *
 * <p>The messages of a batch go out concurrently, up to {@code yuyue.booking.sms-concurrency} at
 * once, so a gateway's latency does not add up over a booking storm; the events of one booking
 * still go out in their order. A batch is committed only once all its messages are done.
 */
@Component
class BookingSmsNotifier extends BackgroundFlow {

    static final String GROUP = "yuyue-booking-sms";
    private static final Logger log = LoggerFactory.getLogger(BookingSmsNotifier.class);
    private static final Duration MARKER_KEPT = Duration.ofDays(3);
    private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("M月d日 HH:mm");

    private final BookingEventFeed feed;
    private final FindingBooking finding;
    private final HallCatalogue catalogue;
    private final SmsSender sms;
    private final SmsTemplates templates;
    private final ReactiveStringRedisTemplate redis;
    private final CancellationPolicy cancellation;
    private final int concurrency;
    private final Duration redisTimeout;

    BookingSmsNotifier(
            BookingEventFeed feed,
            FindingBooking finding,
            HallCatalogue catalogue,
            SmsSender sms,
            SmsTemplates templates,
            ReactiveStringRedisTemplate redis,
            BookingProperties properties,
            Timeouts timeouts) {
        this.feed = feed;
        this.finding = finding;
        this.catalogue = catalogue;
        this.sms = sms;
        this.templates = templates;
        this.redis = redis;
        this.cancellation = new CancellationPolicy(properties.cancelLead());
        this.concurrency = properties.smsConcurrency();
        this.redisTimeout = timeouts.redis();
    }

    @Override
    protected Disposable launch() {
        return feed.batches(GROUP)
                .concatMap(this::sendThenCommit)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                        .maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(retry -> log.error(
                                "Booking SMS feed failed, resubscribing: {}",
                                retry.failure().toString())))
                .subscribe(done -> {}, failure -> log.error("Booking SMS sender stopped", failure));
    }

    private Mono<Void> sendThenCommit(EventBatch batch) {
        batch.undecryptable()
                .forEach(event -> log.warn(
                        "Booking SMS for {} not sent: event {} cannot be decrypted "
                                + "here ({}); the writer quarantines it",
                        event.bookingId(),
                        event.eventId(),
                        event.reason()));
        return inBookingOrder(batch.events(), this::notify, concurrency).then(batch.commit());
    }

    /**
     * Runs {@code send} for the events of different bookings concurrently, at most
     * {@code concurrency} at once, and for the events of one booking one after another in their
     * order, so a cancellation's message never overtakes its booking's. The batch is a list
     * already, so it is grouped in memory: a {@code groupBy} with fewer slots than groups can stall.
     */
    static Mono<Void> inBookingOrder(
            List<BookingEvent> events, Function<BookingEvent, Mono<Void>> send, int concurrency) {
        Map<String, List<BookingEvent>> byBooking = events.stream()
                .collect(Collectors.groupingBy(BookingEvent::bookingId, LinkedHashMap::new, Collectors.toList()));
        return Flux.fromIterable(byBooking.values())
                .flatMap(ofOneBooking -> Flux.fromIterable(ofOneBooking).concatMap(send), concurrency)
                .then();
    }

    private Mono<Void> notify(BookingEvent event) {
        Mono<Message> message;
        if (event instanceof BookingEvent.BookingConfirmed confirmed) {
            // Built lazily: a message that cannot be rendered costs that message, not the batch.
            message = Mono.fromCallable(() -> confirmedMessage(confirmed.booking()));
        } else if (event instanceof BookingEvent.BookingCancelled cancelled) {
            message = finding.find(cancelled.bookingId())
                    .flatMap(Mono::justOrEmpty)
                    .map(this::cancelledMessage);
        } else {
            return Mono.empty();
        }
        return message.flatMap(text -> sendOnce(event.eventId(), text)).onErrorResume(failure -> {
            log.warn("Booking SMS for {} not sent: {}", event.bookingId(), failure.toString());
            return Mono.empty();
        });
    }

    private Mono<Void> sendOnce(String eventId, Message message) {
        return redis.opsForValue()
                .setIfAbsent("yy:sms-sent:{" + eventId + "}", "1", MARKER_KEPT)
                .timeout(redisTimeout)
                .filter(first -> first)
                .flatMap(first -> sms.send(message.phone(), message.text())
                        .retryWhen(Retry.backoff(3, Duration.ofSeconds(1)))
                        .doOnSuccess(sent -> log.debug("Booking SMS sent to {}", MaskedPhone.of(message.phone()))));
    }

    private Message confirmedMessage(Booking booking) {
        Hall hall = catalogue.hall(booking.hallCode()).orElseThrow();
        List<BusinessType> types = booking.businessTypes().stream()
                .map(code -> catalogue.businessType(code).orElseThrow())
                .toList();
        String transfers = types.stream()
                .filter(type -> !type.oneWindow())
                .map(BusinessType::name)
                .collect(Collectors.joining("、"));
        String text = templates.render(
                "booking-confirmed",
                Map.of(
                        "hall", hall.name(),
                        "address", hall.address(),
                        "date", booking.date().toString(),
                        "start", booking.start().toString(),
                        "end", booking.end().toString(),
                        "appointmentNo", booking.appointmentNo(),
                        "businesses", types.stream().map(BusinessType::name).collect(Collectors.joining("、")),
                        "transfers", transfers.isEmpty() ? "" : "（" + transfers + "由窗口内部转办）",
                        "cancelDeadline", DEADLINE.format(cancellation.deadline(booking))));
        return new Message(booking.phone(), text);
    }

    private Message cancelledMessage(Booking booking) {
        String hall = catalogue.hall(booking.hallCode()).map(Hall::name).orElse(booking.hallCode());
        String text = templates.render(
                "booking-cancelled",
                Map.of(
                        "hall", hall,
                        "date", booking.date().toString(),
                        "start", booking.start().toString(),
                        "appointmentNo", booking.appointmentNo()));
        return new Message(booking.phone(), text);
    }

    private record Message(String phone, String text) {}
}
