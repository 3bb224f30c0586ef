package cn.yuyue.admin.reschedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.booking.application.HoldingNewPlace;
import cn.yuyue.booking.application.NewPlace;
import cn.yuyue.booking.application.PlaceHold;
import cn.yuyue.booking.application.ProposingNewTime;
import cn.yuyue.booking.application.Transition;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.TransitionRefused;
import cn.yuyue.hall.Hall;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.notification.SmsSender;
import cn.yuyue.notification.SmsTemplates;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.Timeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Rule 4: a hall never cancels on its own; it proposes a new time, at the same hall or at another
 * hall of the same city. Booking holds the place in the new slot first ({@link HoldingNewPlace});
 * then the proposal is recorded here and {@link ProposingNewTime} does the booking's part (it turns
 * RESCHEDULE_PROPOSED, keeping its old place, durably). Any failure on the way undoes the earlier
 * steps, so a proposal either exists completely or not at all. The taxpayer hears of it by SMS.
 */
@Service
@EnableConfigurationProperties(RescheduleProperties.class)
public class ProposingReschedule {

    private static final Logger log = LoggerFactory.getLogger(ProposingReschedule.class);
    private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("M月d日HH:mm");
    /** 422: the proposed hall is in another city than the booking's. */
    static final String OTHER_CITY = "RESCHEDULE_OTHER_CITY";

    private final HallBookings bookings;
    private final HoldingNewPlace holding;
    private final RescheduleProposals proposals;
    private final ProposingNewTime proposing;
    private final HallCatalogue catalogue;
    private final SmsSender sms;
    private final SmsTemplates templates;
    private final AuditLog audit;
    private final RescheduleProperties properties;
    private final Clock clock;
    private final Duration smsTimeout;

    ProposingReschedule(
            HallBookings bookings,
            HoldingNewPlace holding,
            RescheduleProposals proposals,
            ProposingNewTime proposing,
            HallCatalogue catalogue,
            SmsSender sms,
            SmsTemplates templates,
            AuditLog audit,
            RescheduleProperties properties,
            Clock clock,
            Timeouts timeouts) {
        this.bookings = bookings;
        this.holding = holding;
        this.proposals = proposals;
        this.proposing = proposing;
        this.catalogue = catalogue;
        this.sms = sms;
        this.templates = templates;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
        this.smsTimeout = timeouts.sms();
    }

    /**
     * @param newHallCode the hall of the new slot: {@code hallCode} itself, or another hall of the same
     *                    city ({@link ProposalResult.OtherCity} otherwise)
     */
    Mono<ProposalResult> propose(
            Staff staff,
            String hallCode,
            String bookingId,
            String newHallCode,
            LocalDate date,
            LocalTime start,
            String reason) {
        Optional<Hall> newHall = catalogue.hall(newHallCode);
        if (newHall.isEmpty()) {
            return Mono.just(new ProposalResult.HallNotFound(newHallCode));
        }
        Optional<Hall> oldHall = catalogue.hall(hallCode);
        if (oldHall.isPresent()
                && !oldHall.get().cityCode().equals(newHall.get().cityCode())) {
            return Mono.just(new ProposalResult.OtherCity(
                    oldHall.get().city(), newHallCode, newHall.get().city()));
        }
        return bookings.find(bookingId).flatMap(found -> {
            if (found.isEmpty() || !found.get().hallCode().equals(hallCode)) {
                return Mono.just(new ProposalResult.BookingNotFound(bookingId, hallCode));
            }
            Booking booking = found.get();
            if (!booking.mayBeRescheduled()) {
                return Mono.just(new ProposalResult.NotBooked(booking.status()));
            }
            Optional<SlotPlan> slot = catalogue.plan(newHallCode, date).slots().stream()
                    .filter(candidate -> candidate.start().equals(start))
                    .findFirst();
            if (slot.isEmpty()) {
                return Mono.just(new ProposalResult.SlotNotFound(newHallCode, date, start));
            }
            if (newHallCode.equals(hallCode) && date.equals(booking.date()) && start.equals(booking.start())) {
                return Mono.just(new ProposalResult.SameSlot());
            }
            Instant now = clock.instant();
            Instant deadline = earliest(
                    now.plus(properties.respondWithin()),
                    startOf(booking.date(), booking.start()),
                    startOf(date, start));
            if (!deadline.isAfter(now)) {
                return Mono.just(new ProposalResult.TooLate());
            }
            return hold(staff, booking, newHallCode, slot.get(), date, reason, deadline);
        });
    }

    /** Booking holds the new place; a refused hold is answered as booking decided it. */
    private Mono<ProposalResult> hold(
            Staff staff,
            Booking booking,
            String newHallCode,
            SlotPlan slot,
            LocalDate date,
            String reason,
            Instant deadline) {
        return holding.hold(booking, new NewPlace(newHallCode, date, slot.start(), slot.end()))
                .flatMap(hold -> {
                    if (hold instanceof PlaceHold.Held held) {
                        return record(staff, booking, proposal(staff, booking, held, reason, deadline), held);
                    }
                    return Mono.just(notHeld(hold, slot, date));
                });
    }

    private static ProposalResult notHeld(PlaceHold hold, SlotPlan slot, LocalDate date) {
        if (hold instanceof PlaceHold.SlotFull) {
            return new ProposalResult.SlotFull(date, slot.start());
        }
        if (hold instanceof PlaceHold.TaxpayerBookedThere) {
            return new ProposalResult.TaxpayerBookedThere();
        }
        return new ProposalResult.SlotNotFound(null, date, slot.start());
    }

    private static RescheduleProposals.Proposal proposal(
            Staff staff, Booking booking, PlaceHold.Held held, String reason, Instant deadline) {
        Booking place = held.place();
        return new RescheduleProposals.Proposal(
                booking.id(),
                booking.hallCode(),
                place.id(),
                place.date(),
                place.start(),
                place.end(),
                reason,
                deadline,
                "PROPOSED",
                staff.username(),
                place.createdAt(),
                null,
                place.hallCode());
    }

    /** The place is held: record the proposal, then the booking's part, undoing what was done if a step fails. */
    private Mono<ProposalResult> record(
            Staff staff, Booking booking, RescheduleProposals.Proposal proposal, PlaceHold.Held held) {
        Mono<Void> releaseHold = holding.release(held);
        return proposals
                .insert(proposal)
                .thenReturn(true)
                .onErrorResume(failure -> releaseHold.thenReturn(false))
                .flatMap(inserted -> inserted
                        ? proposeForBooking(staff, booking, proposal, releaseHold)
                        : Mono.just(new ProposalResult.ProposalOpen()));
    }

    private Mono<ProposalResult> proposeForBooking(
            Staff staff, Booking booking, RescheduleProposals.Proposal proposal, Mono<Void> releaseHold) {
        return proposing
                .propose(booking, proposal.newBookingId())
                .map(Optional::of)
                // Neither recorded nor refused (empty): its fate is not known yet, so the proposal and its
                // hold stay, and the expiry ends them as the event log says.
                .onErrorResume(failure -> Mono.just(Optional.empty()))
                .flatMap(transition -> {
                    if (transition.isEmpty()) {
                        return Mono.just(new ProposalResult.NotConfirmedYet());
                    }
                    if (transition.get() instanceof Transition.Done) {
                        return announce(staff, booking, proposal);
                    }
                    return proposals.delete(booking.id()).then(releaseHold).thenReturn(notProposed(transition.get()));
                });
    }

    private Mono<ProposalResult> announce(Staff staff, Booking booking, RescheduleProposals.Proposal proposal) {
        return notify(booking, proposal)
                .then(audit.record(
                        staff,
                        "RESCHEDULE_PROPOSED",
                        booking.hallCode(),
                        booking.id(),
                        Map.of(
                                "newBookingId",
                                proposal.newBookingId(),
                                "newHallCode",
                                proposal.newHallCode(),
                                "newSlot",
                                proposal.newDay() + " " + proposal.newStart(),
                                "reason",
                                proposal.reason(),
                                "phone",
                                MaskedPhone.of(booking.phone()))))
                .thenReturn(new ProposalResult.Proposed(proposal));
    }

    private static ProposalResult notProposed(Transition transition) {
        if (transition instanceof Transition.Refused refused
                && refused.why() instanceof TransitionRefused.NotActive notActive) {
            return new ProposalResult.NoLongerActive(notActive.status());
        }
        return new ProposalResult.NotProposed();
    }

    /** Best effort: the proposal stands even if the SMS fails; the taxpayer also sees it in the API. */
    private Mono<Void> notify(Booking booking, RescheduleProposals.Proposal proposal) {
        String hallName =
                catalogue.hall(booking.hallCode()).map(hall -> hall.name()).orElse(booking.hallCode());
        Hall newHall = catalogue.hall(proposal.newHallCode()).orElseThrow();
        String template = proposal.newHallCode().equals(booking.hallCode())
                ? "reschedule-proposed"
                : "reschedule-proposed-other-hall";
        String text = templates.render(
                template,
                Map.of(
                        "hall",
                        hallName,
                        "reason",
                        proposal.reason(),
                        "oldDate",
                        booking.date(),
                        "oldStart",
                        booking.start(),
                        "number",
                        booking.appointmentNo(),
                        "newDate",
                        proposal.newDay(),
                        "newStart",
                        proposal.newStart(),
                        "newHall",
                        newHall.name(),
                        "newAddress",
                        newHall.address(),
                        "deadline",
                        DEADLINE.format(proposal.deadline().atZone(ProvinceTime.ZONE))));
        return sms.send(booking.phone(), text).timeout(smsTimeout).onErrorResume(failure -> {
            log.warn(
                    "Reschedule SMS for {} to {} failed: {}",
                    booking.id(),
                    MaskedPhone.of(booking.phone()),
                    failure.toString());
            return Mono.empty();
        });
    }

    private static Instant startOf(LocalDate date, LocalTime start) {
        return date.atTime(start).atZone(ProvinceTime.ZONE).toInstant();
    }

    private static Instant earliest(Instant first, Instant... others) {
        Instant earliest = first;
        for (Instant other : others) {
            if (other.isBefore(earliest)) {
                earliest = other;
            }
        }
        return earliest;
    }
}
