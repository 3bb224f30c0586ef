package cn.yuyue.admin.reschedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

import cn.yuyue.admin.audit.AuditLog;
import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.admin.security.Staff;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.booking.application.BookingEvents;
import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.application.BookingJson;
import cn.yuyue.booking.application.EventIds;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingEvent;
import cn.yuyue.booking.model.BookingId;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.hall.SlotPlan;
import cn.yuyue.notification.MaskedPhone;
import cn.yuyue.notification.SmsSender;
import cn.yuyue.notification.SmsTemplates;
import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.slot.HallDay;
import cn.yuyue.slot.LiveBookings;
import cn.yuyue.slot.SlotInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Rule 4: a hall never cancels on its own; it proposes a new time. The place in the new slot is
 * held first (atomically, in the new hall-day); then the proposal is recorded, the booking turns
 * RESCHEDULE_PROPOSED (keeping its old place) and the event is made durable. Any failure on the
 * way undoes the earlier steps, so a proposal either exists completely or not at all. The
 * taxpayer hears of it by SMS.
 */
@Service
@EnableConfigurationProperties(RescheduleProperties.class)
public class ProposingReschedule {

    private static final Logger log = LoggerFactory.getLogger(ProposingReschedule.class);
    /** The same wait for Kafka as a taxpayer's booking (yuyue.booking.event-timeout). */
    private final Duration eventTimeout;
    private static final Duration SMS_TIMEOUT = Duration.ofSeconds(5);
    private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("M月d日HH:mm");

    private final HallBookings bookings;
    private final SlotInventory inventory;
    private final LiveBookings live;
    private final RescheduleProposals proposals;
    private final BookingEvents events;
    private final BookingJson json;
    private final HallCatalogue catalogue;
    private final SmsSender sms;
    private final SmsTemplates templates;
    private final AuditLog audit;
    private final RescheduleProperties properties;
    private final Clock clock;
    private final RandomGenerator random;

    ProposingReschedule(HallBookings bookings, SlotInventory inventory, LiveBookings live, RescheduleProposals proposals,
                        BookingEvents events, BookingJson json, HallCatalogue catalogue, SmsSender sms,
                        SmsTemplates templates, AuditLog audit, RescheduleProperties properties, Clock clock,
                        RandomGenerator secureRandom,
            BookingProperties bookingProperties) {
        this.eventTimeout = bookingProperties.eventTimeout();
        this.bookings = bookings;
        this.inventory = inventory;
        this.live = live;
        this.proposals = proposals;
        this.events = events;
        this.json = json;
        this.catalogue = catalogue;
        this.sms = sms;
        this.templates = templates;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
        this.random = secureRandom;
    }

    Mono<RescheduleProposals.Proposal> propose(Staff staff, String hallCode, String bookingId, LocalDate date,
                                               LocalTime start, String reason) {
        return bookings.find(bookingId).flatMap(found -> {
            if (found.isEmpty() || !found.get().hallCode().equals(hallCode)) {
                return Mono.error(StaffProblems.notFound("BOOKING_NOT_FOUND", "Booking not found",
                        "No booking " + bookingId + " at hall " + hallCode));
            }
            Booking booking = found.get();
            if (booking.status() != BookingStatus.BOOKED) {
                return Mono.error(StaffProblems.conflict("BOOKING_NOT_ACTIVE", "Booking not active",
                        "Only a BOOKED booking can be moved; this one is " + booking.status()));
            }
            Optional<SlotPlan> slot = catalogue.plan(hallCode, date).slots().stream()
                    .filter(candidate -> candidate.start().equals(start)).findFirst();
            if (slot.isEmpty()) {
                return Mono.error(StaffProblems.notFound("SLOT_NOT_FOUND", "Slot not found",
                        "No open slot starts at " + start + " on " + date));
            }
            if (date.equals(booking.date()) && start.equals(booking.start())) {
                return Mono.error(StaffProblems.unprocessable("SAME_SLOT", "Same slot", "Propose a different slot"));
            }
            Instant now = clock.instant();
            Instant deadline = earliest(now.plus(properties.respondWithin()), startOf(booking.date(), booking.start()),
                    startOf(date, start));
            if (!deadline.isAfter(now)) {
                return Mono.error(StaffProblems.unprocessable("TOO_LATE_TO_RESCHEDULE", "Too late",
                        "The old or the new slot starts now or has passed; the taxpayer could not answer in time"));
            }
            return hold(staff, booking, slot.get(), date, reason, deadline);
        });
    }

    private Mono<RescheduleProposals.Proposal> hold(Staff staff, Booking booking, SlotPlan slot, LocalDate date,
                                                    String reason, Instant deadline) {
        Instant now = clock.instant();
        HallDay newDay = new HallDay(booking.hallCode(), date);
        String newId = BookingId.next(booking.hallCode(), date, random);
        Booking held = new Booking(newId, 0, booking.hallCode(), date, slot.start(), slot.end(), BookingStatus.PENDING,
                booking.taxpayerId(), booking.taxpayerName(), booking.phone(), booking.businessTypes(),
                booking.channel(), "reschedule-" + booking.id(), "reschedule", now, now);
        RescheduleProposals.Proposal proposal = new RescheduleProposals.Proposal(booking.id(), booking.hallCode(), newId,
                date, slot.start(), slot.end(), reason, deadline, "PROPOSED", staff.username(), now, null);
        return live.hold(newDay, slot.start(), newId, booking.taxpayerId(), json.write(held), now)
                .flatMap(result -> {
                    if (result instanceof LiveBookings.Hold.Full) {
                        return Mono.error(StaffProblems.conflict("SLOT_FULL", "Slot is full",
                                "No place left at " + slot.start() + " on " + date));
                    }
                    if (result instanceof LiveBookings.Hold.NoSuchSlot) {
                        return Mono.error(StaffProblems.notFound("SLOT_NOT_FOUND", "Slot not found",
                                "No open slot starts at " + slot.start() + " on " + date));
                    }
                    return record(staff, booking, proposal, newDay);
                });
    }

    /** The place is held: record, mark and publish, undoing what was done if a step fails. */
    private Mono<RescheduleProposals.Proposal> record(Staff staff, Booking booking,
                                                      RescheduleProposals.Proposal proposal, HallDay newDay) {
        HallDay oldDay = new HallDay(booking.hallCode(), booking.date());
        BookingEvent proposed = new BookingEvent.BookingRescheduleProposed(EventIds.next(random), clock.instant(),
                booking.id(), booking.hallCode(), booking.date(), proposal.newBookingId());
        Mono<Void> releaseHold = live.settleHold(newDay, proposal.newBookingId(), false, clock.instant()).then();
        return proposals.insert(proposal)
                .onErrorResume(failure -> releaseHold.then(Mono.error(StaffProblems.conflict("PROPOSAL_OPEN",
                        "Proposal open", "This booking already has an open proposal"))))
                .then(inventory.build(oldDay))
                .then(live.changeStatus(oldDay, booking.id(), BookingStatus.BOOKED.name(),
                        BookingStatus.RESCHEDULE_PROPOSED.name(), clock.instant()))
                .flatMap(unchanged -> unchanged.isEmpty()
                        ? Mono.<Void>empty()
                        : proposals.delete(booking.id()).then(releaseHold).then(Mono.error(StaffProblems.conflict(
                                "BOOKING_NOT_ACTIVE", "Booking not active", "The booking is " + unchanged.get()))))
                .then(events.publish(proposed).timeout(eventTimeout)
                        .onErrorResume(failure -> !(failure instanceof ApiProblem), failure -> live.changeStatus(oldDay,
                                        booking.id(), BookingStatus.RESCHEDULE_PROPOSED.name(),
                                        BookingStatus.BOOKED.name(), clock.instant())
                                .then(proposals.delete(booking.id()))
                                .then(releaseHold)
                                .then(Mono.error(CommonProblems.tryLater("Nothing was proposed; please try again",
                                        Duration.ofSeconds(2))))))
                .then(notify(booking, proposal))
                .then(audit.record(staff, "RESCHEDULE_PROPOSED", booking.hallCode(), booking.id(), Map.of(
                        "newBookingId", proposal.newBookingId(), "newSlot", proposal.newDay() + " " + proposal.newStart(),
                        "reason", proposal.reason(), "phone", MaskedPhone.of(booking.phone()))))
                .thenReturn(proposal);
    }

    /** Best effort: the proposal stands even if the SMS fails; the taxpayer also sees it in the API. */
    private Mono<Void> notify(Booking booking, RescheduleProposals.Proposal proposal) {
        String hallName = catalogue.hall(booking.hallCode()).map(hall -> hall.name()).orElse(booking.hallCode());
        String text = templates.render("reschedule-proposed", Map.of("hall", hallName, "reason", proposal.reason(),
                "oldDate", booking.date(), "oldStart", booking.start(), "number", booking.appointmentNo(),
                "newDate", proposal.newDay(), "newStart", proposal.newStart(),
                "deadline", DEADLINE.format(proposal.deadline().atZone(ProvinceTime.ZONE))));
        return sms.send(booking.phone(), text)
                .timeout(SMS_TIMEOUT)
                .onErrorResume(failure -> {
                    log.warn("Reschedule SMS for {} to {} failed: {}", booking.id(), MaskedPhone.of(booking.phone()),
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
