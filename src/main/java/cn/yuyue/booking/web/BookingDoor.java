package cn.yuyue.booking.web;

import cn.yuyue.booking.application.BookingProperties;
import cn.yuyue.booking.application.ClaimAdmission;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a booking at the door while the claim bound is full, before anything else is done for
 * it: no body decoding, no token check, no rules, no Redis call. At a peak on a CPU-bound instance
 * the work done for requests that are refused anyway is what makes everyone wait; refused here, a
 * request costs little more than its headers, and the admitted ones keep the CPU.
 *
 * <p>{@link cn.yuyue.booking.application.MakingBooking} still takes its own permit (a request may
 * pass the door just as the bound fills), so the bound holds whatever the door lets through.
 */
@Component
class BookingDoor implements WebFilter, Ordered {

    private static final String BOOKINGS = "/api/v1/bookings";

    private final ClaimAdmission admission;
    private final BookingProperties properties;

    BookingDoor(ClaimAdmission admission, BookingProperties properties) {
        this.admission = admission;
        this.properties = properties;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isNewBooking(exchange) && admission.refuses()) {
            // No handler was mapped yet, so without this the request metrics would file the refusal
            // under uri="UNKNOWN", out of sight of the bookings' 503 rate and latency.
            ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                    .ifPresent(context -> context.setPathPattern(BOOKINGS));
            // The body is drained unread: its buffers are released and the connection stays usable.
            return exchange.getRequest()
                    .getBody()
                    .doOnNext(DataBufferUtils::release)
                    .then(Mono.error(BookingProblems.of(ClaimAdmission.refusal(), properties.retryAfter())));
        }
        return chain.filter(exchange);
    }

    private static boolean isNewBooking(ServerWebExchange exchange) {
        return HttpMethod.POST.equals(exchange.getRequest().getMethod())
                && BOOKINGS.equals(exchange.getRequest().getPath().value());
    }

    /** First of all filters: a refusal here must cost less than any other work for the request. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
