package cn.yuyue.release;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import cn.yuyue.release.RoomOutcome.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A ticket read by the phone that owns it, once or as a stream of its changes. Reading changes
 * nothing: the admission rounds move the line ({@link RoomAdmissions}).
 */
@Service
class ReadingTicket {

    private static final Logger log = LoggerFactory.getLogger(ReadingTicket.class);

    private final ReleaseCalendar calendar;
    private final RedisRooms rooms;
    private final RoomPulses pulses;
    private final ReleaseProperties properties;
    private final Clock clock;

    ReadingTicket(
            ReleaseCalendar calendar, RedisRooms rooms, RoomPulses pulses, ReleaseProperties properties, Clock clock) {
        this.calendar = calendar;
        this.rooms = rooms;
        this.pulses = pulses;
        this.properties = properties;
        this.clock = clock;
    }

    Mono<RoomOutcome> read(String releaseId, String ticket, String phone) {
        Optional<Release> release = calendar.byId(releaseId);
        if (release.isEmpty()) {
            return Mono.just(new RoomOutcome.Refused(Refusal.RELEASE_NOT_FOUND, "No release " + releaseId));
        }
        int dash = ticket.indexOf('-');
        if (dash < 1) {
            return Mono.just(new RoomOutcome.Refused(Refusal.TICKET_NOT_FOUND, "No ticket " + ticket));
        }
        String hallCode = ticket.substring(0, dash);
        return rooms.read(new Room(releaseId, hallCode), ticket).map(snapshot -> {
            if (!snapshot.exists()) {
                return new RoomOutcome.Refused(
                        Refusal.TICKET_NOT_FOUND, "No ticket " + ticket + " in release " + releaseId);
            }
            if (!snapshot.owner().equals(phone)) {
                return new RoomOutcome.Refused(Refusal.FORBIDDEN, "The ticket belongs to another phone");
            }
            return new RoomOutcome.Ticket(
                    TicketStates.view(
                            ticket,
                            hallCode,
                            snapshot,
                            release.get(),
                            clock.instant(),
                            properties.assumedAdmissionsPerSecond()),
                    false);
        });
    }

    /** A read, or 503 TRY_LATER when Redis does not answer in time. */
    Mono<RoomOutcome> readOrTryLater(String releaseId, String ticket, String phone) {
        return read(releaseId, ticket, phone).onErrorResume(failure -> {
            log.debug("Ticket read answered TRY_LATER, Redis did not answer: {}", failure.toString());
            return Mono.just(RoomOutcome.tryLater());
        });
    }

    /**
     * The ticket now and after each change, until it is sold out or expired. The first read is the
     * caller's (refusals are answered before a stream starts). Later views come from the room's
     * shared pulse ({@link RoomPulses}) while the line has not reached the ticket: its position is
     * fixed once drawn, so the room's state is all that changes. A ticket is read on its own only
     * once the lottery is drawn (to learn its position) and once the line may have reached it.
     */
    Flux<TicketView> changes(String releaseId, TicketView first, String phone) {
        Optional<Release> release = calendar.byId(releaseId);
        if (release.isEmpty()) {
            return Flux.just(first);
        }
        Room room = new Room(releaseId, first.hallCode());
        return Flux.defer(() -> {
            AtomicReference<TicketView> last = new AtomicReference<>(first);
            Flux<TicketView> later = pulses.of(room)
                    .concatMap(state -> next(release.get(), last.get(), state, phone))
                    .doOnNext(last::set);
            return Flux.concat(Flux.just(first), later).distinctUntilChanged().takeUntil(TicketView::finished);
        });
    }

    private Mono<TicketView> next(Release release, TicketView last, RoomState state, String phone) {
        boolean beforeTheDraw = last.position() == null && !state.drawn();
        boolean lineNotThere = last.position() != null && last.position() > state.head();
        if (beforeTheDraw || lineNotThere) {
            return Mono.just(TicketStates.view(
                    last.ticket(),
                    last.hallCode(),
                    state.forWaiting(phone, beforeTheDraw ? 0 : last.position()),
                    release,
                    clock.instant(),
                    properties.assumedAdmissionsPerSecond()));
        }
        return read(release.id(), last.ticket(), phone)
                // One missed read is not worth ending the watcher's stream: the next pulse tries again.
                .onErrorResume(failure -> {
                    log.debug("Ticket read for a stream failed, the next one retries: {}", failure.toString());
                    return Mono.empty();
                })
                .filter(RoomOutcome.Ticket.class::isInstance)
                .map(outcome -> ((RoomOutcome.Ticket) outcome).view());
    }
}
