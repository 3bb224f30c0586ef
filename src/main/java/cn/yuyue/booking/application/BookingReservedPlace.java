package cn.yuyue.booking.application;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallDayPlan;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.slot.ClaimResult;
import cn.yuyue.slot.PlaceClaim;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Books a place that another feature's atomic step takes (a waiting line's reserved place), under
 * the rules of {@link MakingBooking}: the hall, the slot and the window, the booker lock, one active
 * booking per taxpayer, and then the same durable event, settlement, SMS and "my bookings" entry.
 * There is no admission bound: no client waits on it, and its caller works one place at a time.
 *
 * <p>The caller's step receives the claim {@link MakingBooking} built (booking id, record JSON,
 * Idempotency-Key) and answers like {@link cn.yuyue.slot.SlotInventory#claim}: {@code Claimed}
 * when it took the place for it, {@code Full} when it had no place to give, {@code Duplicate} or
 * {@code Replayed} as a claim would.
 */
@Service
public class BookingReservedPlace {

    private final MakingBooking slot;
    private final HallCatalogue catalogue;
    private final BookerChecks bookerChecks;
    private final Clock clock;

    BookingReservedPlace(MakingBooking slot, HallCatalogue catalogue, BookerChecks bookerChecks, Clock clock) {
        this.slot = slot;
        this.catalogue = catalogue;
        this.bookerChecks = bookerChecks;
        this.clock = clock;
    }

    public Mono<BookingOutcome> book(BookingCommand command, Function<PlaceClaim, Mono<ClaimResult>> takePlace) {
        if (catalogue.hall(command.hallCode()).isEmpty()) {
            return Mono.just(new BookingOutcome.Rejected(
                    BookingRejection.HALL_NOT_FOUND, "No hall with code " + command.hallCode()));
        }
        HallDayPlan plan = catalogue.plan(command.hallCode(), command.date());
        Optional<SlotPlan> slotPlan = plan.slots().stream()
                .filter(candidate -> candidate.start().equals(command.start()))
                .findFirst();
        Optional<BookingOutcome.Rejected> refusal = slot.checkRules(command, plan, slotPlan);
        if (refusal.isPresent()) {
            return Mono.just(refusal.get());
        }
        String fingerprint = RequestFingerprint.of(command);
        return bookerChecks
                .check(command.phone(), command.idempotencyKey(), fingerprint, clock.instant())
                .flatMap(check -> {
                    if (check instanceof BookerCheck.Locked locked) {
                        return Mono.just(new BookingOutcome.Rejected(
                                BookingRejection.BOOKER_LOCKED, "Booking is locked until " + locked.until()));
                    }
                    if (check instanceof BookerCheck.KeyReused) {
                        return Mono.just(new BookingOutcome.Rejected(
                                BookingRejection.IDEMPOTENCY_KEY_REUSED,
                                "This Idempotency-Key was used for a different request"));
                    }
                    return slot.claimPlace(command, slotPlan.get(), fingerprint, takePlace);
                });
    }
}
