package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingId;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Rule 4, the place of a proposal: before the hall offers a booking another time, the new place is
 * held for it, atomically in the new hall-day, whichever hall it belongs to, so the offer can always
 * be kept. At another hall the taxpayer must not hold a booking that day already (rule 2): the hold
 * builds the hall-day, so its bookings are read after it, and the place goes back if one is found.
 * A place held for a proposal that is then not made goes back through {@link #release}.
 */
@Service
public class HoldingNewPlace {

    private final LiveBookings live;
    private final BookingJson json;
    private final Clock clock;
    private final RandomGenerator random;

    HoldingNewPlace(LiveBookings live, BookingJson json, Clock clock, RandomGenerator secureRandom) {
        this.live = live;
        this.json = json;
        this.clock = clock;
        this.random = secureRandom;
    }

    /** Holds {@code place} for {@code booking}'s reschedule. */
    public Mono<PlaceHold> hold(Booking booking, NewPlace place) {
        Instant now = clock.instant();
        Booking held = booking.placeHeldForReschedule(
                BookingId.next(place.hallCode(), place.date(), random),
                place.hallCode(),
                place.date(),
                place.start(),
                place.end(),
                now);
        return live.hold(place.hallDay(), place.start(), held.id(), held.taxpayerId(), json.write(held), now)
                .flatMap(result -> {
                    if (result instanceof LiveBookings.Hold.Full) {
                        return Mono.<PlaceHold>just(new PlaceHold.SlotFull());
                    }
                    if (result instanceof LiveBookings.Hold.NoSuchSlot) {
                        return Mono.<PlaceHold>just(new PlaceHold.NoSuchSlot());
                    }
                    PlaceHold.Held holding = new PlaceHold.Held(held);
                    return place.hallCode().equals(booking.hallCode())
                            ? Mono.<PlaceHold>just(holding)
                            : unlessBookedThere(holding);
                });
    }

    /** Gives back a place held for a proposal that was not made; idempotent. */
    public Mono<Void> release(PlaceHold.Held held) {
        return live.settleHold(held.hallDay(), held.place().id(), false, clock.instant())
                .then();
    }

    private Mono<PlaceHold> unlessBookedThere(PlaceHold.Held held) {
        Booking place = held.place();
        HallDay hallDay = held.hallDay();
        return live.records(hallDay)
                .flatMap(records -> records.stream()
                                .map(json::read)
                                .anyMatch(other -> !other.id().equals(place.id())
                                        && other.taxpayerId().equals(place.taxpayerId())
                                        && other.status().holdsPlace())
                        ? release(held).<PlaceHold>thenReturn(new PlaceHold.TaxpayerBookedThere())
                        : Mono.<PlaceHold>just(held));
    }
}
