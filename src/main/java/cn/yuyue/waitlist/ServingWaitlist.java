package cn.yuyue.waitlist;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.yuyue.booking.application.BookingCommand;
import cn.yuyue.booking.application.BookingOutcome;
import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.application.BookingReservedPlace;
import cn.yuyue.booking.model.BookingWindowPolicy;
import cn.yuyue.booking.model.Channel;
import cn.yuyue.platform.BackgroundFlow;
import cn.yuyue.platform.PeriodicFlow;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.slot.HallDay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Books the first entry in line whenever a slot with a line has a free place: a place the
 * inventory's scripts kept for the line (a cancellation, a raise, a withdrawal, a released hold),
 * or, after Redis rebuilt the inventory, an open place. Every instance runs it every
 * {@code serve-every} over every hall-day with a line; with n free places in a slot the take script
 * lets only the first n entries in line for it take one, each once, so racing instances book each
 * of them once (the second hears the first's booking) and never more entries than places. The booking itself is an ordinary claim ({@link BookingReservedPlace}): event,
 * settlement, SMS and "my bookings" as for any booking.
 */
@Component
class ServingWaitlist extends BackgroundFlow {

    private static final Logger log = LoggerFactory.getLogger(ServingWaitlist.class);
    private static final int CONCURRENT_HALL_DAYS = 4;
    /** Entries of one slot booked at once in a round, at most. */
    private static final int MAX_AT_ONCE = 8;

    private final WaitlistedDays days;
    private final WaitlistEntries entries;
    private final RedisWaitingLines lines;
    private final BookingReservedPlace booking;
    private final ExpiringWaitlist expiring;
    private final BookingWindowPolicy window;
    private final Clock clock;
    private final Counter booked;
    private final PeriodicFlow<Void> serving;
    private final PeriodicFlow<Void> refreshing;

    ServingWaitlist(
            WaitlistedDays days,
            WaitlistEntries entries,
            RedisWaitingLines lines,
            BookingReservedPlace booking,
            ExpiringWaitlist expiring,
            WaitlistProperties properties,
            BookingProperties bookingProperties,
            Clock clock,
            MeterRegistry meters,
            Timeouts timeouts) {
        this.days = days;
        this.entries = entries;
        this.lines = lines;
        this.booking = booking;
        this.expiring = expiring;
        this.window = new BookingWindowPolicy(
                bookingProperties.daysAhead(), bookingProperties.releaseTime(), bookingProperties.minimumLead());
        this.clock = clock;
        this.booked = Counter.builder("yuyue.waitlist.booked")
                .description("Waitlist entries booked into a freed place by this instance")
                .register(meters);
        this.serving = PeriodicFlow.named("waitlist-serving", this::serveAll)
                .firstRoundAfter(properties.serveEvery())
                .every(properties.serveEvery())
                .timeout(timeouts.backgroundRound())
                .onFailure(failure -> log.warn(
                        "Serving waitlists failed, next round in {}: {}", properties.serveEvery(), failure.toString()))
                .build(meters);
        this.refreshing = PeriodicFlow.named("waitlist-days-refresh", this::refreshDays)
                .firstRoundAfter(Duration.ZERO)
                .every(properties.daysRefresh())
                .timeout(timeouts.shortRound())
                .onFailure(failure -> log.warn(
                        "Hall-days with lines not re-read, next round in {}: {}",
                        properties.daysRefresh(),
                        failure.toString()))
                .build(meters);
    }

    @Override
    protected Disposable launch() {
        return Disposables.composite(serving.start(), refreshing.start());
    }

    private Mono<Void> refreshDays() {
        Set<HallDay> joinedBefore = days.joinedSoFar();
        LocalDate today = LocalDate.now(clock.withZone(ProvinceTime.ZONE));
        return entries.daysWithLines(today)
                .doOnNext(found -> days.replaceWith(found, joinedBefore))
                .then();
    }

    /** One round over every line; answers when every hall-day was looked at. */
    Mono<Void> serveAll() {
        return Flux.fromIterable(days.current())
                .flatMap(this::serveDay, CONCURRENT_HALL_DAYS)
                .then();
    }

    private Mono<Void> serveDay(HallDay hallDay) {
        return lines.state(hallDay)
                .flatMap(state -> state.built() ? serveSlots(hallDay, state) : rebuild(hallDay))
                .onErrorResume(failure -> {
                    log.debug("Line of {} not served this round: {}", hallDay, failure.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> rebuild(HallDay hallDay) {
        return entries.waitingAt(hallDay)
                .filter(waiting -> !waiting.isEmpty())
                .flatMap(waiting -> lines.build(hallDay, waiting)
                        .doOnSuccess(built ->
                                log.info("Line of {} built from PostgreSQL ({} entries)", hallDay, waiting.size())));
    }

    private Mono<Void> serveSlots(HallDay hallDay, RedisWaitingLines.LineState state) {
        List<LocalTime> withPlaces = state.waiting().keySet().stream()
                .filter(start -> count(state.reserved(), start) > 0 || count(state.remaining(), start) > 0)
                .toList();
        List<LocalTime> keptForNobody = state.reserved().keySet().stream()
                .filter(start -> count(state.reserved(), start) > 0 && count(state.waiting(), start) == 0)
                .toList();
        return Flux.fromIterable(keptForNobody)
                .concatMap(start -> lines.releaseReserved(hallDay, start, true))
                .thenMany(Flux.fromIterable(withPlaces))
                .concatMap(start -> serveSlot(hallDay, start, state))
                .then();
    }

    private Mono<Void> serveSlot(HallDay hallDay, LocalTime start, RedisWaitingLines.LineState state) {
        LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
        if (window.refusal(now, hallDay.date(), start).isPresent()) {
            // Nobody can book this slot online any more; the desk can, so the place goes back.
            return lines.releaseReserved(hallDay, start, false).then();
        }
        // With n free places the first n entries in line each get one: they are served at once.
        int free = count(state.reserved(), start) + Math.max(0, count(state.remaining(), start));
        List<LineEntry> heads = state.inOrder().stream()
                .filter(entry -> entry.starts().contains(start.toString()))
                .limit(Math.min(free, MAX_AT_ONCE))
                .toList();
        return Flux.fromIterable(heads)
                .flatMap(head -> serveHead(hallDay, start, head), MAX_AT_ONCE)
                .then();
    }

    private Mono<Void> serveHead(HallDay hallDay, LocalTime start, LineEntry head) {
        return entries.byId(head.id()).flatMap(durable -> {
            if (durable.isEmpty() || durable.get().state() != WaitlistState.WAITING) {
                // Left, expired or never made durable: it has no business in the line.
                return lines.leave(hallDay, head.id()).then();
            }
            return serveEntry(durable.get(), start);
        });
    }

    private Mono<Void> serveEntry(WaitlistEntry entry, LocalTime start) {
        BookingCommand command = new BookingCommand(
                entry.hallCode(),
                entry.date(),
                start,
                entry.taxpayerId(),
                entry.taxpayerName(),
                entry.businessTypes(),
                entry.phone(),
                entry.bookingKey(start),
                Channel.valueOf(entry.channel()));
        return booking.book(command, claim -> lines.take(entry.id(), claim))
                .flatMap(outcome -> settle(entry, start, outcome));
    }

    private Mono<Void> settle(WaitlistEntry entry, LocalTime start, BookingOutcome outcome) {
        if (outcome instanceof BookingOutcome.Created created) {
            booked.increment();
            log.info(
                    "Waitlist entry {} booked {} at {} {}",
                    entry.id(),
                    created.booking().id(),
                    entry.hallDay(),
                    start);
            return markBooked(entry, created.booking().id());
        }
        if (outcome instanceof BookingOutcome.Existing existing) {
            return markBooked(entry, existing.booking().id());
        }
        BookingOutcome.Rejected rejected = (BookingOutcome.Rejected) outcome;
        return switch (rejected.reason()) {
            case BOOKER_LOCKED -> expiring.expire(entry, ExpiryReason.BOOKER_LOCKED);
            case DUPLICATE_BOOKING -> expiring.expire(entry, ExpiryReason.ALREADY_BOOKED);
            case TOO_MANY_ACTIVE_BOOKINGS -> expiring.expire(entry, ExpiryReason.TOO_MANY_ACTIVE_BOOKINGS);
            case OUTSIDE_BOOKING_WINDOW ->
                lines.releaseReserved(entry.hallDay(), start, false).then();
            // Another entry is first, another instance took the place, the store did not answer:
            // the next round looks again.
            default -> {
                log.debug("Waitlist entry {} not booked this round: {}", entry.id(), rejected.reason());
                yield Mono.empty();
            }
        };
    }

    private Mono<Void> markBooked(WaitlistEntry entry, String bookingId) {
        return entries.leaveWaiting(entry.id(), WaitlistState.BOOKED, bookingId, null, clock.instant())
                .then();
    }

    private static int count(Map<LocalTime, Integer> counts, LocalTime start) {
        return counts.getOrDefault(start, 0);
    }
}
