package cn.yuyue.release;

import java.time.Clock;
import java.util.Optional;

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
    private final ReleaseProperties properties;
    private final Clock clock;

    ReadingTicket(ReleaseCalendar calendar, RedisRooms rooms, ReleaseProperties properties, Clock clock) {
        this.calendar = calendar;
        this.rooms = rooms;
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
                return new RoomOutcome.Refused(Refusal.TICKET_NOT_FOUND, "No ticket " + ticket + " in release " + releaseId);
            }
            if (!snapshot.owner().equals(phone)) {
                return new RoomOutcome.Refused(Refusal.FORBIDDEN, "The ticket belongs to another phone");
            }
            return new RoomOutcome.Ticket(TicketStates.view(ticket, hallCode, snapshot, release.get(),
                    clock.instant(), properties.assumedAdmissionsPerSecond()), false);
        });
    }

    /** A read, or 503 TRY_LATER when Redis does not answer in time. */
    Mono<RoomOutcome> readOrTryLater(String releaseId, String ticket, String phone) {
        return read(releaseId, ticket, phone)
                .onErrorResume(failure -> {
                    log.debug("Ticket read answered TRY_LATER, Redis did not answer: {}", failure.toString());
                    return Mono.just(RoomOutcome.tryLater());
                });
    }

    /**
     * The ticket now and after each change, until it is sold out or expired. The first read is the
     * caller's (refusals are answered before a stream starts); each poll is one read script.
     */
    Flux<TicketView> changes(String releaseId, TicketView first, String phone) {
        Flux<TicketView> later = Flux.interval(properties.streamPoll())
                .onBackpressureDrop()
                .concatMap(tick -> read(releaseId, first.ticket(), phone)
                        // One missed poll is not worth ending the watcher's stream: the next one tries again.
                        .onErrorResume(failure -> {
                            log.debug("Ticket poll failed, the next one retries: {}", failure.toString());
                            return Mono.empty();
                        }))
                .takeWhile(RoomOutcome.Ticket.class::isInstance)
                .map(outcome -> ((RoomOutcome.Ticket) outcome).view());
        return Flux.concat(Flux.just(first), later)
                .distinctUntilChanged()
                .takeUntil(TicketView::finished);
    }
}
