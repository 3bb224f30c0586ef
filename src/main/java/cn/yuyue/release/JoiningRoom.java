package cn.yuyue.release;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;

import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.release.RoomOutcome.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A verified phone takes its ticket in a hall's waiting room: one per phone and hall, the same
 * ticket when it joins again, at no more halls per release than configured.
 */
@Service
class JoiningRoom {

    private static final Logger log = LoggerFactory.getLogger(JoiningRoom.class);

    private static final String TICKET_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final ReleaseCalendar calendar;
    private final RedisRooms rooms;
    private final HallCatalogue catalogue;
    private final ReleaseProperties properties;
    private final Clock clock;
    private final RandomGenerator random;

    JoiningRoom(
            ReleaseCalendar calendar,
            RedisRooms rooms,
            HallCatalogue catalogue,
            ReleaseProperties properties,
            Clock clock,
            RandomGenerator secureRandom) {
        this.calendar = calendar;
        this.rooms = rooms;
        this.catalogue = catalogue;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    Mono<RoomOutcome> join(String releaseId, String hallCode, String phone) {
        Optional<Release> found = calendar.byId(releaseId);
        if (found.isEmpty()) {
            return refused(Refusal.RELEASE_NOT_FOUND, "No release " + releaseId);
        }
        if (catalogue.hall(hallCode).isEmpty()) {
            return refused(Refusal.HALL_NOT_FOUND, "No hall with code " + hallCode);
        }
        Release release = found.get();
        Instant now = clock.instant();
        if (!release.roomOpen(now, properties.joinLead())) {
            return refused(
                    Refusal.ROOM_CLOSED,
                    "The waiting room of release " + releaseId + " takes tickets from "
                            + release.opensAt().minus(properties.joinLead()) + " until " + release.closesAt());
        }
        if (!catalogue.plan(hallCode, release.date()).open()) {
            return refused(Refusal.ROOM_CLOSED, "The hall is closed on " + release.date());
        }
        Room room = new Room(releaseId, hallCode);
        return rooms.holdHallForPhone(release, phone, hallCode, properties.hallsPerPhone())
                .flatMap(allowed -> allowed
                        ? issue(release, room, phone, now)
                        : refused(
                                Refusal.TICKET_LIMIT,
                                "A phone may wait at " + properties.hallsPerPhone() + " halls at most in one release"))
                .onErrorResume(failure -> {
                    log.warn("Joining the room {} refused, Redis did not answer: {}", room, failure.toString());
                    return Mono.just(RoomOutcome.tryLater());
                });
    }

    private Mono<RoomOutcome> issue(Release release, Room room, String phone, Instant now) {
        return rooms.registerHall(release, room.hallCode())
                .then(rooms.join(release, room, newTicket(room.hallCode()), phone, now, newSeed()))
                .flatMap(joined -> rooms.read(room, joined.ticket())
                        .map(snapshot -> new RoomOutcome.Ticket(
                                TicketStates.view(
                                        joined.ticket(),
                                        room.hallCode(),
                                        snapshot,
                                        release,
                                        clock.instant(),
                                        properties.assumedAdmissionsPerSecond()),
                                joined.issued())));
    }

    /** The hall code leads, so a ticket alone names its room; the rest is random, unguessable. */
    private String newTicket(String hallCode) {
        StringBuilder ticket = new StringBuilder(hallCode).append('-');
        for (int i = 0; i < 16; i++) {
            ticket.append(TICKET_ALPHABET.charAt(random.nextInt(TICKET_ALPHABET.length())));
        }
        return ticket.toString();
    }

    /** Kept by the room only if this ticket opens it: the secret behind its lottery and passes. */
    private String newSeed() {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return HexFormat.of().formatHex(seed);
    }

    private static Mono<RoomOutcome> refused(Refusal reason, String detail) {
        return Mono.just(new RoomOutcome.Refused(reason, detail));
    }
}
