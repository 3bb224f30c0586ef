package cn.yuyue.waitlist;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

import cn.yuyue.booking.application.BookerCheck;
import cn.yuyue.booking.application.BookerChecks;
import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.model.BookingWindowPolicy;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.HallDayPlan;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * An agent joins the line for one or more full slots of a hall-day. The rules of a booking apply
 * first (hall, slots, window, booker lock, Idempotency-Key); the entry is then made durable in
 * PostgreSQL (joining order, one per taxpayer and hall-day, the phone's cap) and only then put in
 * the live line, whose script refuses a taxpayer who holds a booking that day and a slot that
 * still has places. A refusal there removes the row again: nothing was promised.
 */
@Service
class JoiningWaitlist {

    private static final Logger log = LoggerFactory.getLogger(JoiningWaitlist.class);
    private static final int BUILD_ATTEMPTS = 3;

    private final HallCatalogue catalogue;
    private final BookerChecks bookerChecks;
    private final WaitlistEntries entries;
    private final RedisWaitingLines lines;
    private final SlotInventory inventory;
    private final WaitlistedDays days;
    private final WaitlistProperties properties;
    private final BookingWindowPolicy window;
    private final Clock clock;
    private final RandomGenerator random;

    JoiningWaitlist(
            HallCatalogue catalogue,
            BookerChecks bookerChecks,
            WaitlistEntries entries,
            RedisWaitingLines lines,
            SlotInventory inventory,
            WaitlistedDays days,
            WaitlistProperties properties,
            BookingProperties booking,
            Clock clock,
            RandomGenerator secureRandom) {
        this.catalogue = catalogue;
        this.bookerChecks = bookerChecks;
        this.entries = entries;
        this.lines = lines;
        this.inventory = inventory;
        this.days = days;
        this.properties = properties;
        this.window = new BookingWindowPolicy(booking.daysAhead(), booking.releaseTime(), booking.minimumLead());
        this.clock = clock;
        this.random = secureRandom;
    }

    Mono<WaitlistOutcome> join(WaitlistCommand command) {
        Optional<WaitlistOutcome.Rejected> refusal = checkRules(command);
        if (refusal.isPresent()) {
            return Mono.just(refusal.get());
        }
        String fingerprint = command.fingerprint();
        return bookerChecks
                .check(command.phone(), command.idempotencyKey(), fingerprint, clock.instant())
                .flatMap(check -> {
                    if (check instanceof BookerCheck.Locked locked) {
                        return Mono.just(new WaitlistOutcome.Rejected(
                                WaitlistRejection.BOOKER_LOCKED,
                                "Three missed appointments: booking is locked until " + locked.until(),
                                Map.of(
                                        "lockedUntil",
                                        locked.until()
                                                .atZone(ProvinceTime.ZONE)
                                                .toOffsetDateTime()
                                                .toString())));
                    }
                    if (check instanceof BookerCheck.KeyReused) {
                        return Mono.just(keyReused());
                    }
                    return insert(command, fingerprint);
                })
                .onErrorResume(failure -> {
                    log.warn(
                            "Waitlist join at {} refused, a store did not answer: {}",
                            command.hallCode(),
                            failure.toString());
                    return Mono.just(tryLater());
                });
    }

    private Optional<WaitlistOutcome.Rejected> checkRules(WaitlistCommand command) {
        if (catalogue.hall(command.hallCode()).isEmpty()) {
            return Optional.of(new WaitlistOutcome.Rejected(
                    WaitlistRejection.HALL_NOT_FOUND, "No hall with code " + command.hallCode()));
        }
        HallDayPlan plan = catalogue.plan(command.hallCode(), command.date());
        if (!plan.open()) {
            return Optional.of(new WaitlistOutcome.Rejected(
                    WaitlistRejection.OUTSIDE_BOOKING_WINDOW, "The hall is closed on " + command.date()));
        }
        LocalDateTime now = LocalDateTime.now(clock.withZone(ProvinceTime.ZONE));
        for (LocalTime start : command.starts()) {
            if (plan.slots().stream().noneMatch(slot -> slot.start().equals(start))) {
                return Optional.of(new WaitlistOutcome.Rejected(
                        WaitlistRejection.SLOT_NOT_FOUND, "No slot starts at " + start + " on " + command.date()));
            }
            Optional<String> outside = window.refusal(now, command.date(), start);
            if (outside.isPresent()) {
                return Optional.of(new WaitlistOutcome.Rejected(
                        WaitlistRejection.OUTSIDE_BOOKING_WINDOW,
                        "The slot at " + start + " cannot be booked now: " + outside.get()));
            }
        }
        return Optional.empty();
    }

    private Mono<WaitlistOutcome> insert(WaitlistCommand command, String fingerprint) {
        WaitlistEntry entry = new WaitlistEntry(
                newId(),
                0,
                command.hallCode(),
                command.date(),
                command.starts(),
                command.taxpayerId(),
                command.taxpayerName(),
                command.phone(),
                command.businessTypes(),
                command.channel(),
                command.idempotencyKey(),
                fingerprint,
                WaitlistState.WAITING,
                null,
                null,
                clock.instant(),
                clock.instant());
        return entries.insert(entry, properties.maxActivePerPhone()).flatMap(insert -> {
            if (insert instanceof WaitlistEntries.Insert.Inserted inserted) {
                return goLive(inserted.entry(), 1);
            }
            if (insert instanceof WaitlistEntries.Insert.Existing existing) {
                return replay(existing.entry(), fingerprint);
            }
            if (insert instanceof WaitlistEntries.Insert.AlreadyWaiting) {
                return Mono.just(new WaitlistOutcome.Rejected(
                        WaitlistRejection.DUPLICATE_BOOKING,
                        "This taxpayer already waits for a place at this hall on " + command.date()));
            }
            int cap = ((WaitlistEntries.Insert.CapReached) insert).cap();
            return Mono.just(new WaitlistOutcome.Rejected(
                    WaitlistRejection.WAITLIST_CAP_REACHED,
                    "This phone already waits in " + cap + " lines, the most it may",
                    Map.of("maxActive", cap)));
        });
    }

    private Mono<WaitlistOutcome> replay(WaitlistEntry entry, String fingerprint) {
        if (!entry.fingerprint().equals(fingerprint)) {
            return Mono.just(keyReused());
        }
        if (entry.state() != WaitlistState.WAITING) {
            return Mono.just(new WaitlistOutcome.Existing(entry, 0));
        }
        // The first request may have failed after its row was written: put it in line now.
        return goLive(entry, 1)
                .map(outcome -> outcome instanceof WaitlistOutcome.Joined joined
                        ? new WaitlistOutcome.Existing(joined.entry(), joined.position())
                        : outcome);
    }

    /** Puts the durable entry in the live line, building the inventory or the line when missing. */
    private Mono<WaitlistOutcome> goLive(WaitlistEntry entry, int attempt) {
        return lines.join(entry, false)
                .flatMap(join -> decide(join, entry, attempt))
                .onErrorResume(failure -> {
                    log.warn("Waitlist entry {} not put in line: {}", entry.id(), failure.toString());
                    return refuse(entry, tryLater());
                });
    }

    private Mono<WaitlistOutcome> decide(RedisWaitingLines.Join join, WaitlistEntry entry, int attempt) {
        if (join instanceof RedisWaitingLines.Join.Joined) {
            days.joined(entry.hallDay());
            log.debug(
                    "Waitlist entry {} of {} joined the line of {}",
                    entry.id(),
                    MaskedPhone.of(entry.phone()),
                    entry.hallDay());
            return entries.position(entry).map(position -> new WaitlistOutcome.Joined(entry, position));
        }
        if (join instanceof RedisWaitingLines.Join.InventoryNotBuilt) {
            return attempt >= BUILD_ATTEMPTS
                    ? refuse(entry, tryLater())
                    : inventory.build(entry.hallDay()).then(Mono.defer(() -> goLive(entry, attempt + 1)));
        }
        if (join instanceof RedisWaitingLines.Join.LineNotBuilt) {
            return attempt >= BUILD_ATTEMPTS
                    ? refuse(entry, tryLater())
                    // Built without this entry: it joins through the script's checks, not around them.
                    : entries.waitingAt(entry.hallDay())
                            .map(waiting -> waiting.stream()
                                    .filter(other -> !other.id().equals(entry.id()))
                                    .toList())
                            .flatMap(waiting -> lines.build(entry.hallDay(), waiting))
                            .then(Mono.defer(() -> goLive(entry, attempt + 1)));
        }
        if (join instanceof RedisWaitingLines.Join.NotFull notFull) {
            return refuse(
                    entry,
                    new WaitlistOutcome.Rejected(
                            WaitlistRejection.SLOT_NOT_FULL,
                            "The slot at " + notFull.start() + " has places left: book it instead",
                            Map.of("start", notFull.start())));
        }
        if (join instanceof RedisWaitingLines.Join.Duplicate) {
            return refuse(
                    entry,
                    new WaitlistOutcome.Rejected(
                            WaitlistRejection.DUPLICATE_BOOKING,
                            "This taxpayer already holds a booking at this hall on " + entry.date()));
        }
        String start = ((RedisWaitingLines.Join.NoSuchSlot) join).start();
        return refuse(
                entry,
                new WaitlistOutcome.Rejected(
                        WaitlistRejection.SLOT_NOT_FOUND, "No slot starts at " + start + " on " + entry.date()));
    }

    /** The live line refused it: the row goes, so the same key may try again later. */
    private Mono<WaitlistOutcome> refuse(WaitlistEntry entry, WaitlistOutcome.Rejected rejected) {
        return entries.forget(entry.id())
                .onErrorResume(failure -> {
                    log.warn(
                            "Refused waitlist entry {} stays in PostgreSQL; the sweep restores it to its line: {}",
                            entry.id(),
                            failure.toString());
                    return Mono.empty();
                })
                .thenReturn(rejected);
    }

    private String newId() {
        return "W" + HexFormat.of().toHexDigits(random.nextLong())
                + HexFormat.of().toHexDigits(random.nextInt());
    }

    private static WaitlistOutcome.Rejected keyReused() {
        return new WaitlistOutcome.Rejected(
                WaitlistRejection.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used for a different request");
    }

    private static WaitlistOutcome.Rejected tryLater() {
        return new WaitlistOutcome.Rejected(
                WaitlistRejection.TRY_LATER, "Nobody joined the line; please try again shortly");
    }
}
