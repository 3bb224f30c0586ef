package cn.yuyue.admin.reschedule;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import cn.yuyue.admin.desk.HallBookings;
import cn.yuyue.booking.application.AcceptingNewTime;
import cn.yuyue.booking.application.BookingEventFeed;
import cn.yuyue.booking.application.BookingRecords;
import cn.yuyue.booking.application.ProposingNewTime;
import cn.yuyue.booking.application.Transition;
import cn.yuyue.booking.application.WithdrawingBooking;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.BookingStatus;
import cn.yuyue.platform.Timeouts;
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
    private final Duration redisTimeout;

    AnsweringReschedule(
            RescheduleProposals proposals,
            HallBookings bookings,
            AcceptingNewTime accepting,
            WithdrawingBooking withdrawing,
            ProposingNewTime proposing,
            BookingRecords records,
            BookingEventFeed feed,
            ReactiveStringRedisTemplate redis,
            RescheduleProperties properties,
            Clock clock,
            Timeouts timeouts) {
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
        this.redisTimeout = timeouts.redis();
    }

    /** The proposal of a booking, for the phone that made it. */
    Mono<AnswerResult.Lookup> proposalOf(String bookingId, String phone) {
        return bookings.find(bookingId).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.just(new AnswerResult.BookingNotFound(bookingId));
            }
            if (!found.get().phone().equals(phone)) {
                return Mono.just(new AnswerResult.OtherPhone());
            }
            return proposals
                    .find(bookingId)
                    .map(proposal -> proposal.<AnswerResult.Lookup>map(AnswerResult.Found::new)
                            .orElseGet(AnswerResult.NoProposal::new));
        });
    }

    /** Accepts; {@link AnswerResult.Moved} carries the new booking. */
    Mono<AnswerResult> accept(String bookingId, String phone) {
        return answering(bookingId, phone, proposal -> {
            if (!"PROPOSED".equals(proposal.status())) {
                return Mono.just(new AnswerResult.Answered(proposal.status()));
            }
            if (!proposal.deadline().isAfter(clock.instant())) {
                // Ended as the log says, like the expiry: an earlier accept may be durable but unfinished,
                // and withdrawing it then would give back the place of a booking PostgreSQL holds.
                return leased(
                        proposal,
                        () -> endAsTheLogSays(proposal, "EXPIRED")
                                .flatMap(outcome -> outcome.equals("ACCEPTED")
                                        ? bookings.find(proposal.newBookingId())
                                                .map(Optional::orElseThrow)
                                                .map(AnswerResult.Moved::new)
                                        : Mono.just(new AnswerResult.Expired())),
                        inProgress());
            }
            return leased(proposal, () -> move(proposal), inProgress());
        });
    }

    /** Declines; the booking ends WITHDRAWN_BY_HALL without penalty. */
    Mono<AnswerResult> decline(String bookingId, String phone) {
        return answering(
                bookingId,
                phone,
                proposal -> "PROPOSED".equals(proposal.status())
                        ? leased(
                                proposal,
                                () -> endAsTheLogSays(proposal, "DECLINED")
                                        .map(outcome -> outcome.equals("DECLINED")
                                                ? new AnswerResult.Declined()
                                                : new AnswerResult.Answered(outcome)),
                                inProgress())
                        : Mono.just(new AnswerResult.Answered(proposal.status())));
    }

    /** A proposal whose deadline passed without an answer. */
    Mono<Void> expire(RescheduleProposals.Proposal proposal) {
        return leased(
                        proposal,
                        () -> endAsTheLogSays(proposal, "EXPIRED"),
                        Mono.error(() -> new IllegalStateException("This proposal is being answered")))
                .then();
    }

    /** Answers the proposal of a booking made with {@code phone}, if there is one it may answer. */
    private Mono<AnswerResult> answering(
            String bookingId, String phone, Function<RescheduleProposals.Proposal, Mono<AnswerResult>> answer) {
        return proposalOf(bookingId, phone)
                .flatMap(lookup -> lookup instanceof AnswerResult.Found found
                        ? answer.apply(found.proposal())
                        : Mono.just((AnswerResult.NothingToAnswer) lookup))
                .onErrorResume(StepFailed.class, failed -> Mono.just(failed.result));
    }

    private static Mono<AnswerResult> inProgress() {
        return Mono.just(new AnswerResult.InProgress());
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
                .then(Mono.zip(
                        records.byId(proposal.newBookingId()),
                        records.byId(proposal.bookingId()),
                        bookings.find(proposal.bookingId()).map(Optional::orElseThrow)))
                .onErrorMap(failure -> !(failure instanceof StepFailed), AnsweringReschedule::notRecorded)
                .flatMap(durable -> {
                    Booking old = durable.getT3();
                    if (durable.getT1().isPresent()) {
                        log.warn(
                                "Reschedule of {} was accepted durably but not finished; finishing it",
                                proposal.bookingId());
                        return finishAccept(proposal, old, durable.getT1().get())
                                .thenReturn("ACCEPTED");
                    }
                    BookingStatus oldStatus =
                            durable.getT2().map(Booking::status).orElse(null);
                    if (oldStatus == BookingStatus.WITHDRAWN_BY_HALL) {
                        log.warn(
                                "Reschedule of {} was withdrawn durably but not finished; finishing it",
                                proposal.bookingId());
                        return withdraw(proposal, outcome).thenReturn(outcome);
                    }
                    boolean proposedDurably = oldStatus == BookingStatus.RESCHEDULE_PROPOSED;
                    if (!proposedDurably) {
                        log.warn(
                                "Proposal for {} never reached the event log; dropped, the booking stays",
                                proposal.bookingId());
                        return abandon(proposal, old).thenReturn("ABANDONED");
                    }
                    return withdraw(proposal, outcome).thenReturn(outcome);
                });
    }

    /** The accept's events are durable: the old booking is withdrawn in favour of the new one. */
    private Mono<Void> finishAccept(RescheduleProposals.Proposal proposal, Booking old, Booking moved) {
        return accepting
                .finish(old, proposal.newHallDay(), moved)
                .flatMap(AnsweringReschedule::recorded)
                .then(proposals.decide(proposal.bookingId(), "ACCEPTED", clock.instant()))
                .then();
    }

    /** The proposal exists only here and in Redis: both are undone, the booking keeps its slot. */
    private Mono<Void> abandon(RescheduleProposals.Proposal proposal, Booking old) {
        return proposing
                .drop(old, proposal.newHallDay(), proposal.newBookingId())
                .then(proposals.delete(proposal.bookingId()));
    }

    private Mono<AnswerResult> move(RescheduleProposals.Proposal proposal) {
        return bookings.find(proposal.bookingId())
                .map(Optional::orElseThrow)
                .flatMap(old -> accepting.accept(old, proposal.newHallDay(), proposal.newBookingId()))
                .<AnswerResult>flatMap(transition ->
                        transition instanceof Transition.HeldPlaceGone || transition instanceof Transition.Refused
                                ? Mono.just(new AnswerResult.Lost())
                                : recorded(transition)
                                        .flatMap(moved -> proposals
                                                .decide(proposal.bookingId(), "ACCEPTED", clock.instant())
                                                .thenReturn(new AnswerResult.Moved(moved))))
                .onErrorMap(failure -> !(failure instanceof StepFailed), AnsweringReschedule::unfinished);
    }

    private Mono<RescheduleProposals.Proposal> withdraw(RescheduleProposals.Proposal proposal, String outcome) {
        return bookings.find(proposal.bookingId())
                .map(Optional::orElseThrow)
                .flatMap(old -> withdrawing.withdraw(old, proposal.newHallDay(), proposal.newBookingId()))
                .flatMap(AnsweringReschedule::recorded)
                .flatMap(old -> proposals
                        .decide(old.id(), outcome, clock.instant())
                        .doOnNext(decided -> log.info("Reschedule of {} {}", old.id(), outcome)))
                .onErrorMap(failure -> !(failure instanceof StepFailed), AnsweringReschedule::unfinished)
                .thenReturn(proposal);
    }

    /** The booking as it stands after a recorded transition; not recorded if Kafka did not acknowledge it. */
    private static Mono<Booking> recorded(Transition transition) {
        return transition instanceof Transition.Done done ? Mono.just(done.booking()) : Mono.error(notRecorded());
    }

    /** Runs {@code answer} under the proposal's lease, or answers {@code busy} while another answer holds it. */
    private <T> Mono<T> leased(RescheduleProposals.Proposal proposal, Supplier<Mono<T>> answer, Mono<T> busy) {
        String key = "yy:reschedule:{" + proposal.bookingId() + "}";
        return redis.opsForValue()
                .setIfAbsent(key, "1", lease)
                .timeout(redisTimeout)
                .flatMap(leased -> leased
                        ? Mono.defer(answer)
                                .flatMap(result -> redis.delete(key).thenReturn(result))
                                .onErrorResume(failure -> redis.delete(key).then(Mono.error(failure)))
                        : busy);
    }

    /**
     * The answer's events are durable but a later step failed: not "nothing was changed" (a 500
     * would say so) but "send it again", which finishes it as the log says.
     */
    private static StepFailed unfinished(Throwable failure) {
        log.warn("Reschedule answer recorded but not finished: {}", failure.toString());
        return new StepFailed(new AnswerResult.Unfinished(), "The answer is recorded but not finished");
    }

    private static StepFailed notRecorded(Throwable failure) {
        log.warn("Reschedule answer not recorded: {}", failure.toString());
        return notRecorded();
    }

    private static StepFailed notRecorded() {
        return new StepFailed(new AnswerResult.NotRecorded(), "The answer could not be recorded");
    }

    /**
     * A technical failure at a known point of an answer, carried as an error so that no later step
     * runs; an answer ends with {@code result}, the expiry logs it and tries again next round.
     */
    private static final class StepFailed extends RuntimeException {

        private final AnswerResult result;

        StepFailed(AnswerResult result, String message) {
            super(message, null, false, false);
            this.result = result;
        }
    }
}
