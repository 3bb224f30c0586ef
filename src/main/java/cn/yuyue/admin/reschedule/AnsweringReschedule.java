package cn.yuyue.admin.reschedule;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.admin.security.StaffProblems;
import cn.yuyue.booking.application.AcceptingNewTime;
import cn.yuyue.booking.application.BookingEventFeed;
import cn.yuyue.booking.application.BookingRecords;
import cn.yuyue.booking.application.ProposingNewTime;
import cn.yuyue.booking.application.Transition;
import cn.yuyue.booking.application.WithdrawingBooking;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.platform.Timeouts;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The taxpayer's answer to a proposal, or its lapse. Accept: the new booking is confirmed
 * durably, the old one withdrawn by the hall, and only then does the old place go back and the
 * held place become the booking. Decline or no answer by the deadline: the old booking is
 * WITHDRAWN_BY_HALL (never a no-show, never counted) and the held place goes back. The held place
 * may lie at another hall of the city: it is then in another hall-day, whose Redis keys carry another
 * hash tag, so giving back the old place and settling the new one are separate atomic steps, taken
 * only after the answer's events are durable. A failure between them leaves the proposal open with
 * both places taken (never one place twice); the next answer, or the expiry through
 * {@link #endAsTheLogSays}, finishes the steps as the durable record says. A short Redis
 * lease per proposal keeps two answers from running at once; every step is idempotent, so an
 * answer interrupted half-way is completed by the next one ({@code yuyue.reschedule.answer-lease}).
 */
@Service
public class AnsweringReschedule {

    private static final Logger log = LoggerFactory.getLogger(AnsweringReschedule.class);

    private final RescheduleProposals proposals;
    private final HallBookings bookings;
    private final AcceptingNewTime accepting;
    private final WithdrawingBooking withdrawing;
    private final ProposingNewTime proposing;
    private final BookingRecords records;
    private final BookingEventFeed feed;
    private final ReactiveStringRedisTemplate redis;
    private final Duration lease;
    private final Clock clock;
    private final Duration drainTimeout;

    AnsweringReschedule(RescheduleProposals proposals, HallBookings bookings, AcceptingNewTime accepting,
                        WithdrawingBooking withdrawing, ProposingNewTime proposing, BookingRecords records,
                        BookingEventFeed feed, ReactiveStringRedisTemplate redis, RescheduleProperties properties,
                        Clock clock, Timeouts timeouts) {
        this.proposals = proposals;
        this.bookings = bookings;
        this.accepting = accepting;
        this.withdrawing = withdrawing;
        this.proposing = proposing;
        this.records = records;
        this.feed = feed;
        this.redis = redis;
        this.lease = properties.answerLease();
        this.clock = clock;
        this.drainTimeout = timeouts.requestDrain();
    }

    /** The open proposal of a booking made with {@code phone} (403 for another phone's booking). */
    Mono<RescheduleProposals.Proposal> proposalOf(String bookingId, String phone) {
        return bookings.find(bookingId).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(StaffProblems.notFound("BOOKING_NOT_FOUND", "Booking not found", "No booking " + bookingId));
            }
            if (!found.get().phone().equals(phone)) {
                return Mono.error(StaffProblems.forbidden("This booking was made with another phone"));
            }
            return proposals.find(bookingId).flatMap(proposal -> proposal.isPresent()
                    ? Mono.just(proposal.get())
                    : Mono.error(StaffProblems.notFound("NO_PROPOSAL", "No proposal",
                            "The hall has not proposed a new time for this booking")));
        });
    }

    /** Accepts; answers the new booking. */
    Mono<Booking> accept(String bookingId, String phone) {
        return proposalOf(bookingId, phone).flatMap(proposal -> {
            if (!"PROPOSED".equals(proposal.status())) {
                return Mono.error(answered(proposal));
            }
            if (!proposal.deadline().isAfter(clock.instant())) {
                // Ended as the log says, like the expiry: an earlier accept may be durable but unfinished,
                // and withdrawing it then would give back the place of a booking PostgreSQL holds.
                return leased(proposal, () -> endAsTheLogSays(proposal, "EXPIRED")).flatMap(outcome -> outcome
                        .equals("ACCEPTED")
                        ? bookings.find(proposal.newBookingId()).map(Optional::orElseThrow)
                        : Mono.error(StaffProblems.conflict("PROPOSAL_EXPIRED", "Proposal expired",
                                "The deadline passed; the hall withdrew the booking without penalty")));
            }
            return leased(proposal, () -> move(proposal));
        });
    }

    /** Declines; the booking ends WITHDRAWN_BY_HALL without penalty. */
    Mono<Void> decline(String bookingId, String phone) {
        return proposalOf(bookingId, phone).flatMap(proposal -> "PROPOSED".equals(proposal.status())
                ? leased(proposal, () -> endAsTheLogSays(proposal, "DECLINED")).flatMap(outcome -> outcome.equals("DECLINED")
                        ? Mono.<Void>empty()
                        : Mono.error(answered(outcome)))
                : Mono.error(answered(proposal)));
    }

    /** A proposal whose deadline passed without an answer. */
    Mono<Void> expire(RescheduleProposals.Proposal proposal) {
        return leased(proposal, () -> endAsTheLogSays(proposal, "EXPIRED")).then();
    }

    /**
     * Ends a proposal without a new acceptance, but as the durable record says it stands, once the
     * writer has caught up with Kafka: an accept whose events were acknowledged but whose later
     * steps failed is finished (withdrawing then would give back a place PostgreSQL holds as
     * booked); a withdrawal durable but unfinished (its Redis steps failed, or the instance died)
     * is finished; a proposal whose event never reached the log is dropped (the taxpayer never heard
     * of it, so the booking stays); otherwise the booking is withdrawn as {@code outcome}.
     *
     * @return the outcome recorded: ACCEPTED, ABANDONED or {@code outcome}
     */
    private Mono<String> endAsTheLogSays(RescheduleProposals.Proposal proposal, String outcome) {
        return feed.awaitConsumed(BookingEventFeed.PERSISTENCE_GROUP, drainTimeout)
                .then(Mono.zip(records.byId(proposal.newBookingId()), records.byId(proposal.bookingId()),
                        bookings.find(proposal.bookingId()).map(Optional::orElseThrow)))
                .onErrorMap(failure -> !(failure instanceof ApiProblem), AnsweringReschedule::tryLater)
                .flatMap(durable -> {
                    Booking old = durable.getT3();
                    if (durable.getT1().isPresent()) {
                        log.warn("Reschedule of {} was accepted durably but not finished; finishing it", proposal.bookingId());
                        return finishAccept(proposal, old, durable.getT1().get()).thenReturn("ACCEPTED");
                    }
                    BookingStatus oldStatus = durable.getT2().map(Booking::status).orElse(null);
                    if (oldStatus == BookingStatus.WITHDRAWN_BY_HALL) {
                        log.warn("Reschedule of {} was withdrawn durably but not finished; finishing it",
                                proposal.bookingId());
                        return withdraw(proposal, outcome).thenReturn(outcome);
                    }
                    boolean proposedDurably = oldStatus == BookingStatus.RESCHEDULE_PROPOSED;
                    if (!proposedDurably) {
                        log.warn("Proposal for {} never reached the event log; dropped, the booking stays", proposal.bookingId());
                        return abandon(proposal, old).thenReturn("ABANDONED");
                    }
                    return withdraw(proposal, outcome).thenReturn(outcome);
                });
    }

    /** The accept's events are durable: the old booking is withdrawn in favour of the new one. */
    private Mono<Void> finishAccept(RescheduleProposals.Proposal proposal, Booking old, Booking moved) {
        return accepting.finish(old, proposal.newHallDay(), moved)
                .flatMap(AnsweringReschedule::recorded)
                .then(proposals.decide(proposal.bookingId(), "ACCEPTED", clock.instant()))
                .then();
    }

    /** The proposal exists only here and in Redis: both are undone, the booking keeps its slot. */
    private Mono<Void> abandon(RescheduleProposals.Proposal proposal, Booking old) {
        return proposing.drop(old, proposal.newHallDay(), proposal.newBookingId())
                .then(proposals.delete(proposal.bookingId()));
    }

    private Mono<Booking> move(RescheduleProposals.Proposal proposal) {
        return bookings.find(proposal.bookingId()).map(Optional::orElseThrow)
                .flatMap(old -> accepting.accept(old, proposal.newHallDay(), proposal.newBookingId()))
                .flatMap(transition -> transition instanceof Transition.HeldPlaceGone
                                || transition instanceof Transition.Refused
                        ? Mono.error(StaffProblems.conflict("PROPOSAL_LOST", "Proposal lost",
                                "The held place is gone; ask the hall for a new proposal"))
                        : recorded(transition))
                .flatMap(moved -> proposals.decide(proposal.bookingId(), "ACCEPTED", clock.instant()).thenReturn(moved))
                .onErrorMap(failure -> !(failure instanceof ApiProblem), AnsweringReschedule::unfinished);
    }

    private Mono<RescheduleProposals.Proposal> withdraw(RescheduleProposals.Proposal proposal, String outcome) {
        return bookings.find(proposal.bookingId()).map(Optional::orElseThrow)
                .flatMap(old -> withdrawing.withdraw(old, proposal.newHallDay(), proposal.newBookingId()))
                .flatMap(AnsweringReschedule::recorded)
                .flatMap(old -> proposals.decide(old.id(), outcome, clock.instant())
                        .doOnNext(decided -> log.info("Reschedule of {} {}", old.id(), outcome)))
                .onErrorMap(failure -> !(failure instanceof ApiProblem), AnsweringReschedule::unfinished)
                .thenReturn(proposal);
    }

    /** The booking as it stands after a recorded transition; 503 if Kafka did not acknowledge it. */
    private static Mono<Booking> recorded(Transition transition) {
        return transition instanceof Transition.Done done
                ? Mono.just(done.booking())
                : Mono.error(tryLater());
    }

    private <T> Mono<T> leased(RescheduleProposals.Proposal proposal, java.util.function.Supplier<Mono<T>> answer) {
        String key = "yy:reschedule:{" + proposal.bookingId() + "}";
        return redis.opsForValue().setIfAbsent(key, "1", lease)
                .timeout(Duration.ofSeconds(2))
                .flatMap(leased -> leased
                        ? Mono.defer(answer).flatMap(result -> redis.delete(key).thenReturn(result))
                                .onErrorResume(failure -> redis.delete(key).then(Mono.error(failure)))
                        : Mono.error(StaffProblems.conflict("REQUEST_IN_PROGRESS", "Request in progress",
                                "This proposal is being answered; try again shortly")));
    }

    private static ApiProblem answered(RescheduleProposals.Proposal proposal) {
        return answered(proposal.status());
    }

    private static ApiProblem answered(String status) {
        return StaffProblems.conflict("PROPOSAL_ANSWERED", "Proposal answered",
                "This proposal is " + status + " already").with("status", status);
    }

    /**
     * The answer's events are durable but a later step failed: not "nothing was changed" (a 500
     * would say so) but "send it again", which finishes it as the log says.
     */
    private static ApiProblem unfinished(Throwable failure) {
        log.warn("Reschedule answer recorded but not finished: {}", failure.toString());
        return CommonProblems.tryLater("The answer is recorded but not finished; please send it again",
                Duration.ofSeconds(2));
    }

    private static ApiProblem tryLater(Throwable failure) {
        log.warn("Reschedule answer not recorded: {}", failure.toString());
        return tryLater();
    }

    private static ApiProblem tryLater() {
        return CommonProblems.tryLater("The answer could not be recorded; please try again", Duration.ofSeconds(2));
    }
}
