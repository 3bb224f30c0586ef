package cn.yuyue.release;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import cn.yuyue.booking.application.BookingCommand;
import cn.yuyue.booking.application.BookingOutcome;
import cn.yuyue.booking.application.ReleaseAdmission;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The waiting room at the booking door. Which day has an open room is known from memory
 * ({@link ReleaseCalendar}), so bookings of every other day cost nothing here; a booking of a
 * released hall-day costs one script on its room, which checks the pass against the phone, the
 * hall and the day (the room is the hall's, in the day's release) and binds it to the booking.
 */
@Component
class WaitingRoomGate implements ReleaseAdmission {

    private final ReleaseCalendar calendar;
    private final RedisRooms rooms;
    private final Clock clock;

    WaitingRoomGate(ReleaseCalendar calendar, RedisRooms rooms, Clock clock) {
        this.calendar = calendar;
        this.rooms = rooms;
        this.clock = clock;
    }

    @Override
    public Mono<Decision> admit(BookingCommand command, String pass) {
        Instant now = clock.instant();
        Optional<Release> release = calendar.roomOpenFor(command.date(), now);
        if (release.isEmpty()) {
            return Mono.just(new Decision.NotRequired());
        }
        String releaseId = release.get().id();
        Room room = new Room(releaseId, command.hallCode());
        String offered = pass == null ? "" : pass.strip();
        return rooms.usePass(room, offered, command.phone(), now, command.idempotencyKey())
                .map(check -> decision(check, room, command.idempotencyKey()));
    }

    private static Decision decision(PassCheck check, Room room, String idempotencyKey) {
        if (check instanceof PassCheck.Granted granted) {
            return new Decision.Granted(room.releaseId(), room.hallCode(), granted.ticket(), idempotencyKey);
        }
        if (check instanceof PassCheck.Refused refused) {
            return new Decision.Refused(room.releaseId(), refused.why());
        }
        return new Decision.NotRequired();
    }

    @Override
    public Mono<Void> settle(Decision.Granted granted, BookingOutcome outcome) {
        boolean booked = outcome instanceof BookingOutcome.Created || outcome instanceof BookingOutcome.Existing;
        return rooms.settlePass(
                        new Room(granted.releaseId(), granted.hallCode()),
                        granted.ticket(),
                        granted.idempotencyKey(),
                        booked)
                .then();
    }
}
