package cn.yuyue.booking.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import cn.yuyue.booking.application.BookingOutcome;
import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.application.BookingWithAdmission;
import cn.yuyue.booking.application.CancellingBooking;
import cn.yuyue.booking.application.ReadingBookings;
import cn.yuyue.booking.model.Booking;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.ratelimit.RateLimitProperties;
import cn.yuyue.platform.ratelimit.RateLimiter;
import cn.yuyue.platform.web.IdempotencyKey;
import cn.yuyue.verification.PhoneVerification;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/** The taxpayer side of bookings; every call needs the Bearer token of a verified phone. */
@RestController
@RequestMapping("/api/v1/bookings")
@Tag(name = "Bookings", description = "Book, read and cancel appointments (phone verification token required)")
class BookingController {

    private final ReadingBookings reading;
    private final CancellingBooking cancelling;
    private final PhoneVerification verification;
    private final HallCatalogue catalogue;
    private final BookingProperties properties;
    private final RateLimiter limiter;
    private final RateLimitProperties rateLimits;
    private final BookingWithAdmission admitted;

    BookingController(
            ReadingBookings reading,
            CancellingBooking cancelling,
            PhoneVerification verification,
            HallCatalogue catalogue,
            BookingProperties properties,
            RateLimiter limiter,
            RateLimitProperties rateLimits,
            BookingWithAdmission admitted) {
        this.admitted = admitted;
        this.limiter = limiter;
        this.rateLimits = rateLimits;
        this.reading = reading;
        this.cancelling = cancelling;
        this.verification = verification;
        this.catalogue = catalogue;
        this.properties = properties;
    }

    @PostMapping
    @Operation(
            summary = "Book a slot",
            description = "201 with the booking once it is durable; the same "
                    + "Idempotency-Key and body again returns the same booking (200), never a second place. While a "
                    + "release's waiting room is open for the hall and day, 428 ADMISSION_REQUIRED (releaseId) unless "
                    + "the Admission-Pass header carries the pass the room handed to this phone. 409 "
                    + "TOO_MANY_ACTIVE_BOOKINGS (maxActiveBookings) when the phone already holds "
                    + "yuyue.booking.max-active-per-phone active bookings; nothing is booked.")
    Mono<ResponseEntity<BookingView>> book(
            ServerWebExchange exchange,
            @IdempotencyKey @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @RequestHeader(name = "Admission-Pass", required = false) String pass,
            @RequestBody(required = false) BookingRequest request) {
        return verification
                .require(exchange)
                .flatMap(phone -> limiter.check(
                                "phone-bookings:" + phone.phone(),
                                rateLimits.phoneBookingsPerMinute(),
                                Duration.ofMinutes(1))
                        .thenReturn(phone))
                .flatMap(phone -> {
                    if (request == null) {
                        return Mono.error(BookingRequest.missingBody());
                    }
                    return admitted.book(request.toCommand(phone.phone(), key, catalogue), pass);
                })
                .map(outcome -> {
                    BookingView view = viewOrProblem(outcome);
                    URI location = URI.create("/api/v1/bookings/" + view.id());
                    return outcome instanceof BookingOutcome.Created
                            ? ResponseEntity.created(location).body(view)
                            : ResponseEntity.ok().location(location).body(view);
                });
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a booking made with this phone")
    Mono<BookingView> one(ServerWebExchange exchange, @PathVariable String id) {
        return verification
                .require(exchange)
                .flatMap(phone -> reading.one(id, phone.phone()))
                .map(this::viewOrProblem);
    }

    @GetMapping
    @Operation(summary = "The bookings made with this phone, newest first")
    Mono<List<BookingView>> mine(ServerWebExchange exchange) {
        return verification
                .require(exchange)
                .flatMap(phone -> reading.ofPhone(phone.phone()))
                .map(bookings -> bookings.stream().map(this::view).toList());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a booking", description = "Until 3 hours before the slot; 422 CANCEL_TOO_LATE after.")
    Mono<ResponseEntity<Void>> cancel(ServerWebExchange exchange, @PathVariable String id) {
        return verification
                .require(exchange)
                .flatMap(phone -> cancelling.cancel(id, phone.phone()))
                .map(outcome -> {
                    viewOrProblem(outcome);
                    return ResponseEntity.status(HttpStatus.NO_CONTENT).<Void>build();
                });
    }

    private BookingView viewOrProblem(BookingOutcome outcome) {
        if (outcome instanceof BookingOutcome.Created created) {
            return view(created.booking());
        }
        if (outcome instanceof BookingOutcome.Existing existing) {
            return view(existing.booking());
        }
        throw BookingProblems.of((BookingOutcome.Rejected) outcome, properties.retryAfter());
    }

    private BookingView view(Booking booking) {
        return BookingView.of(booking, catalogue, cancelling.deadline(booking));
    }
}
