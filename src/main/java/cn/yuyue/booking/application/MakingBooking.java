package cn.yuyue.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingId;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.booking.model.BookingWindowPolicy;
import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallDayPlan;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.ClaimResult;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.PlaceClaim;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Books one slot: the rules first, then one atomic claim, then the durable event, and only then
 * the answer. A place is never confirmed without its event acknowledged by Kafka; when Kafka does
 * not answer in time the place goes back and the client hears "try later".
 */
@Service
public class MakingBooking {

    private static final Logger log = LoggerFactory.getLogger(MakingBooking.class);

    private final HallCatalogue catalogue;
    private final SlotInventory inventory;
    private final BookingEvents events;
    private final BookerChecks bookerChecks;
    private final RecentBookings recentBookings;
    private final BookingJson json;
    private final BookingProperties properties;
    private final BookingWindowPolicy window;
    private final Clock clock;
    private final RandomGenerator random;
    private final ClaimAdmission admission;
    private final PhoneCap phoneCap;

    MakingBooking(
            HallCatalogue catalogue,
            SlotInventory inventory,
            BookingEvents events,
            BookerChecks bookerChecks,
            RecentBookings recentBookings,
            BookingJson json,
            BookingProperties properties,
            Clock clock,
            RandomGenerator secureRandom,
            ClaimAdmission admission,
            PhoneCap phoneCap) {
        this.admission = admission;
        this.phoneCap = phoneCap;
        this.catalogue = catalogue;
        this.inventory = inventory;
        this.events = events;
        this.bookerChecks = bookerChecks;
        this.recentBookings = recentBookings;
        this.json = json;
        this.properties = properties;
        this.window =
                new BookingWindowPolicy(properties.daysAhead(), properties.releaseTime(), properties.minimumLead());
        this.clock = clock;
        this.random = secureRandom;
    }

    public Mono<BookingOutcome> book(BookingCommand command) {
        if (catalogue.hall(command.hallCode()).isEmpty()) {
            return Mono.just(new BookingOutcome.Rejected(
                    BookingRejection.HALL_NOT_FOUND, "No hall with code " + command.hallCode()));
        }
        HallDayPlan plan = catalogue.plan(command.hallCode(), command.date());
        Optional<SlotPlan> slot = plan.slots().stream()
                .filter(candidate -> candidate.start().equals(command.start()))
                .findFirst();
        Optional<BookingOutcome.Rejected> refusal = checkRules(command, plan, slot);
        if (refusal.isPresent()) {
            return Mono.just(refusal.get());
        }
        Optional<ClaimAdmission.Permit> permit = admission.tryAdmit();
        if (permit.isEmpty()) {
            return Mono.just(ClaimAdmission.refusal());
        }
        String fingerprint = RequestFingerprint.of(command);
        // The lock and the key live under the phone's hash tag, not the hall-day's: one script
        // answers both before the claim.
        return bookerChecks
                .check(command.phone(), command.idempotencyKey(), fingerprint, clock.instant())
                .flatMap(check -> claimIfAdmitted(check, command, slot.get(), fingerprint))
                // Fail closed: a store that cannot answer means nothing was booked.
                .onErrorResume(failure -> {
                    log.warn(
                            "Booking at {} refused, a store did not answer: {}",
                            command.hallCode(),
                            failure.toString());
                    return Mono.just(tryLater());
                })
                // Measured when the outcome is known, not in doFinally: the controller turns every
                // refusal into an error by throwing in a map, which cancels this chain, so doFinally
                // saw CANCEL for every full slot and the bound stopped learning in a hot-slot storm.
                .doOnSuccess(outcome -> permit.get().release(true))
                .doOnCancel(() -> permit.get().release(false));
    }

    Optional<BookingOutcome.Rejected> checkRules(BookingCommand command, HallDayPlan plan, Optional<SlotPlan> slot) {
        if (!plan.open()) {
            return Optional.of(new BookingOutcome.Rejected(
                    BookingRejection.OUTSIDE_BOOKING_WINDOW, "The hall is closed on " + command.date()));
        }
        if (slot.isEmpty()) {
            return Optional.of(new BookingOutcome.Rejected(
                    BookingRejection.SLOT_NOT_FOUND, "No slot starts at " + command.start() + " on " + command.date()));
        }
        LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
        return window.refusal(now, command.date(), command.start())
                .map(reason -> new BookingOutcome.Rejected(
                        BookingRejection.OUTSIDE_BOOKING_WINDOW, "This slot cannot be booked now: " + reason));
    }

    private Mono<BookingOutcome> claimIfAdmitted(
            BookerCheck check, BookingCommand command, SlotPlan slot, String fingerprint) {
        if (check instanceof BookerCheck.Locked locked) {
            return Mono.just(locked(locked.until()));
        }
        if (check instanceof BookerCheck.KeyReused) {
            return Mono.just(keyReused());
        }
        return claimPlace(command, slot, fingerprint);
    }

    private static BookingOutcome locked(Instant lockedUntil) {
        return new BookingOutcome.Rejected(
                BookingRejection.BOOKER_LOCKED,
                "Three missed appointments: booking is locked until " + lockedUntil,
                Map.of(
                        "lockedUntil",
                        lockedUntil.atZone(ProvinceTime.ZONE).toOffsetDateTime().toString()));
    }

    private static BookingOutcome keyReused() {
        return new BookingOutcome.Rejected(
                BookingRejection.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used for a different request");
    }

    private Mono<BookingOutcome> claimPlace(BookingCommand command, SlotPlan slot, String fingerprint) {
        return claimPlace(command, slot, fingerprint, inventory::claim);
    }

    /**
     * The claim and everything after it, with the atomic step that takes the place given: the
     * inventory's open claim for {@link #book}, a waiting line's reserved place for
     * {@link BookingReservedPlace}. Either way the same event, settlement and answer follow.
     */
    Mono<BookingOutcome> claimPlace(
            BookingCommand command,
            SlotPlan slot,
            String fingerprint,
            Function<PlaceClaim, Mono<ClaimResult>> takePlace) {
        Instant now = clock.instant();
        HallDay hallDay = new HallDay(command.hallCode(), command.date());
        Booking pending = new Booking(
                BookingId.next(command.hallCode(), command.date(), random),
                0,
                command.hallCode(),
                command.date(),
                slot.start(),
                slot.end(),
                BookingStatus.PENDING,
                command.taxpayerId(),
                command.taxpayerName(),
                command.phone(),
                command.businessTypes(),
                command.channel(),
                command.idempotencyKey(),
                fingerprint,
                now,
                now);
        PlaceClaim claim = new PlaceClaim(
                hallDay,
                slot.start(),
                command.taxpayerId(),
                command.idempotencyKey(),
                fingerprint,
                pending.id(),
                json.write(pending),
                now);
        Mono<BookingOutcome> decision = phoneCap.count(pending)
                .flatMap(refusal -> refusal.isPresent()
                        ? Mono.<BookingOutcome>just(refusal.get())
                        : claimCounted(pending, claim, hallDay, takePlace))
                .onErrorResume(failure -> {
                    log.warn("Claim on {} failed closed: {}", hallDay, failure.toString());
                    return Mono.just(tryLater());
                });
        return carriedThrough(decision);
    }

    /**
     * The booking counts against its phone's cap already: a claim that takes no place (full,
     * duplicate, a replay of an earlier booking) is uncounted. A claim that failed is not: its
     * hold may stand, and the cap finds it stale later if it does not.
     */
    private Mono<BookingOutcome> claimCounted(
            Booking pending, PlaceClaim claim, HallDay hallDay, Function<PlaceClaim, Mono<ClaimResult>> takePlace) {
        return takePlace
                .apply(claim)
                .flatMap(result -> result instanceof ClaimResult.Claimed
                        ? decide(result, pending, hallDay)
                        : phoneCap.uncount(pending).then(decide(result, pending, hallDay)));
    }

    /**
     * Once a place is held, the claim must run to its end (confirmed or given back) even if the
     * client hangs up: a cancelled chain would strand the place as PENDING, neither booked nor
     * free. The future keeps the claim running; only the wait for its answer is cancellable.
     */
    static <T> Mono<T> carriedThrough(Mono<T> work) {
        return Mono.fromFuture(work.toFuture(), true);
    }

    private Mono<BookingOutcome> decide(ClaimResult result, Booking pending, HallDay hallDay) {
        if (result instanceof ClaimResult.Claimed claimed) {
            return confirm(
                    pending.withAppointmentSeq(claimed.appointmentSeq())
                            .withStatus(BookingStatus.BOOKED, pending.createdAt()),
                    hallDay);
        }
        if (result instanceof ClaimResult.Replayed replayed) {
            return replay(hallDay, replayed.bookingId());
        }
        if (result instanceof ClaimResult.KeyReused) {
            return Mono.just(keyReused());
        }
        if (result instanceof ClaimResult.Duplicate) {
            return Mono.just(new BookingOutcome.Rejected(
                    BookingRejection.DUPLICATE_BOOKING,
                    "This taxpayer already holds a booking at this hall on " + hallDay.date()));
        }
        if (result instanceof ClaimResult.Full) {
            return Mono.just(new BookingOutcome.Rejected(
                    BookingRejection.SLOT_FULL, "No place left at " + pending.start() + " on " + pending.date()));
        }
        return Mono.just(new BookingOutcome.Rejected(
                BookingRejection.SLOT_NOT_FOUND, "No slot starts at " + pending.start() + " on " + pending.date()));
    }

    /** The place is held: make the booking durable, then settle the hold either way. */
    private Mono<BookingOutcome> confirm(Booking booking, HallDay hallDay) {
        BookingEvent confirmed = new BookingEvent.BookingConfirmed(EventIds.next(random), clock.instant(), booking);
        return events.publish(confirmed)
                .timeout(properties.eventTimeout())
                .then(Mono.defer(() -> settleConfirmed(booking, hallDay)))
                .onErrorResume(failure -> abandon(booking, failure));
    }

    private Mono<BookingOutcome> settleConfirmed(Booking booking, HallDay hallDay) {
        log.debug(
                "Booked {} slot {} {} for taxpayer {}",
                booking.id(),
                booking.date(),
                booking.start(),
                TaxpayerId.masked(booking.taxpayerId()));
        // Both steps only speed up later reads; the booking is durable already, so their failure
        // is logged and the client still gets its 201.
        Mono<Boolean> settle = inventory.confirm(hallDay, booking.id()).onErrorResume(failure -> {
            log.warn("Booking {} is durable but its hold stays PENDING: {}", booking.id(), failure.toString());
            return Mono.just(false);
        });
        Mono<Void> remember = recentBookings
                .remember(booking.phone(), booking.id(), booking.createdAt())
                .onErrorResume(failure -> {
                    log.warn(
                            "Booking {} is durable but not in the phone's recent list: {}",
                            booking.id(),
                            failure.toString());
                    return Mono.empty();
                });
        return Mono.when(settle, remember).thenReturn(new BookingOutcome.Created(booking));
    }

    /**
     * Kafka did not acknowledge in time, so the event may or may not have been written: giving the
     * place back now could sell it twice, and answering 201 could promise a booking that never
     * becomes durable. The claim is handed to the event log instead: a marker on the hall's
     * partition after the confirmation decides it for certain, and the place goes back only if the
     * confirmation was not first ({@link SettlingDecidedClaims}). If even the marker cannot be
     * written, the hold stays pending and {@link SweepingAbandonedClaims} hands it over later.
     * The client hears "not confirmed, try later"; a retry with the same Idempotency-Key then
     * finds the booking if it stood, or books afresh once the place is back.
     */
    private Mono<BookingOutcome> abandon(Booking booking, Throwable failure) {
        log.warn(
                "Event of {} not acknowledged ({}); the event log decides the claim", booking.id(), failure.toString());
        BookingEvent abandoned = new BookingEvent.BookingClaimAbandoned(
                EventIds.next(random), clock.instant(), booking.id(), booking.hallCode(), booking.date());
        return events.publish(abandoned)
                .timeout(properties.eventTimeout())
                .onErrorResume(markerFailure -> {
                    log.warn(
                            "Abandonment of {} not written either; the sweep hands it over: {}",
                            booking.id(),
                            markerFailure.toString());
                    return Mono.empty();
                })
                .thenReturn(
                        new BookingOutcome.Rejected(
                                BookingRejection.TRY_LATER,
                                "The booking could not be confirmed in time; retry with the same Idempotency-Key to learn its outcome"));
    }

    private Mono<BookingOutcome> replay(HallDay hallDay, String bookingId) {
        return inventory.record(hallDay, bookingId).map(record -> {
            if (record.isEmpty()) {
                return tryLater();
            }
            Booking booking = json.read(record.get());
            // A PENDING hold is not a booking yet: its event may still be on its way, or (after a
            // crash mid-claim) never come. Only a settled hold is answered as a booking.
            if (booking.status() == BookingStatus.PENDING) {
                return new BookingOutcome.Rejected(
                        BookingRejection.REQUEST_IN_PROGRESS,
                        "The first request with this Idempotency-Key is still being confirmed");
            }
            return new BookingOutcome.Existing(
                    booking.withStatus(booking.status().visible(), booking.updatedAt()));
        });
    }

    private static BookingOutcome tryLater() {
        return new BookingOutcome.Rejected(BookingRejection.TRY_LATER, "Nothing was booked; please try again shortly");
    }
}
