package cn.yuyue.waitlist;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ratelimit.RateLimitProperties;
import cn.yuyue.platform.ratelimit.RateLimiter;
import cn.yuyue.platform.web.IdempotencyKey;
import cn.yuyue.verification.PhoneVerification;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The taxpayer side of the waitlist; every call needs the Bearer token of a verified phone. */
@RestController
@RequestMapping("/api/v1/bookings/waitlist")
@EnableConfigurationProperties(WaitlistProperties.class)
@Tag(
        name = "Waitlist",
        description = "Wait in line for a full slot: a freed place books the first in line "
                + "automatically, under the rules of POST /bookings (phone verification token required)")
class WaitlistController {

    private final JoiningWaitlist joining;
    private final ReadingWaitlist reading;
    private final LeavingWaitlist leaving;
    private final PhoneVerification verification;
    private final HallCatalogue catalogue;
    private final BookingProperties booking;
    private final RateLimiter limiter;
    private final RateLimitProperties rateLimits;

    WaitlistController(
            JoiningWaitlist joining,
            ReadingWaitlist reading,
            LeavingWaitlist leaving,
            PhoneVerification verification,
            HallCatalogue catalogue,
            BookingProperties booking,
            RateLimiter limiter,
            RateLimitProperties rateLimits) {
        this.joining = joining;
        this.reading = reading;
        this.leaving = leaving;
        this.verification = verification;
        this.catalogue = catalogue;
        this.booking = booking;
        this.limiter = limiter;
        this.rateLimits = rateLimits;
    }

    @PostMapping
    @Operation(
            summary = "Wait for a place in one of several full slots of a hall-day",
            description = "201 {id, position, state: WAITING, ...}. Validated like POST /bookings (VALIDATION_FAILED, "
                    + "HALL_NOT_FOUND, SLOT_NOT_FOUND, OUTSIDE_BOOKING_WINDOW, BOOKER_LOCKED, IDEMPOTENCY_KEY_REUSED, "
                    + "DUPLICATE_BOOKING when the taxpayer holds a booking or an entry at that hall that day); "
                    + "409 SLOT_NOT_FULL when a slot asked for still has places (book it instead), 409 "
                    + "WAITLIST_CAP_REACHED when the phone already waits in yuyue.waitlist.max-active-per-phone lines. "
                    + "The same Idempotency-Key and body again answers the same entry (200). When a place frees up in "
                    + "one of the slots (a cancellation, a capacity raise, a withdrawal, a released hold), the first "
                    + "entry in line for that slot is booked automatically: state BOOKED with bookingId, the booking SMS, "
                    + "and the booking in GET /bookings. An entry that can no longer be served (every slot within 3 "
                    + "hours or past, booker locked, taxpayer booked meanwhile) turns EXPIRED with an SMS.")
    Mono<ResponseEntity<WaitlistView>> join(
            ServerWebExchange exchange,
            @IdempotencyKey @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestBody(required = false) WaitlistRequest request) {
        return verification
                .require(exchange)
                .flatMap(phone -> limiter.check(
                                "phone-bookings:" + phone.phone(),
                                rateLimits.phoneBookingsPerMinute(),
                                Duration.ofMinutes(1))
                        .thenReturn(phone))
                .flatMap(phone -> {
                    if (request == null) {
                        return Mono.error(WaitlistRequest.missingBody());
                    }
                    return joining.join(request.toCommand(phone.phone(), key, catalogue));
                })
                .map(outcome -> {
                    WaitlistView view = viewOrProblem(outcome);
                    URI location = URI.create("/api/v1/bookings/waitlist/" + view.id());
                    return outcome instanceof WaitlistOutcome.Joined
                            ? ResponseEntity.created(location).body(view)
                            : ResponseEntity.ok().location(location).body(view);
                });
    }

    @GetMapping
    @Operation(
            summary = "The waitlist entries of this phone, newest first",
            description =
                    "Each with its state (WAITING with position, BOOKED with bookingId, EXPIRED with reason, LEFT).")
    Mono<List<WaitlistView>> mine(ServerWebExchange exchange) {
        return verification
                .require(exchange)
                .flatMap(phone -> reading.ofPhone(phone.phone()))
                .map(entries -> entries.stream()
                        .map(entry -> WaitlistView.of(entry.entry(), entry.position()))
                        .toList());
    }

    @DeleteMapping("/{id}")
    @Operation(
            summary = "Leave the line",
            description =
                    "204; leaving an entry that is no longer WAITING changes nothing. 404 WAITLIST_ENTRY_NOT_FOUND, "
                            + "403 FORBIDDEN for another phone's entry.")
    Mono<ResponseEntity<Void>> leave(ServerWebExchange exchange, @PathVariable String id) {
        return verification
                .require(exchange)
                .flatMap(phone -> leaving.leave(id, phone.phone()))
                .map(outcome -> {
                    viewOrProblem(outcome);
                    return ResponseEntity.status(HttpStatus.NO_CONTENT).<Void>build();
                });
    }

    private WaitlistView viewOrProblem(WaitlistOutcome outcome) {
        if (outcome instanceof WaitlistOutcome.Joined joined) {
            return WaitlistView.of(joined.entry(), joined.position());
        }
        if (outcome instanceof WaitlistOutcome.Existing existing) {
            return WaitlistView.of(existing.entry(), existing.position());
        }
        throw WaitlistProblems.of((WaitlistOutcome.Rejected) outcome, booking.retryAfter());
    }
}
