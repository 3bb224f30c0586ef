package cn.yuyue.admin.desk;

import java.time.Duration;
import java.util.Map;

import cn.yuyue.booking.application.BookingOutcome;
import cn.yuyue.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** Booking refusals answered to staff with the same statuses and codes taxpayers get (API.md). */
public final class BookingRejections {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private BookingRejections() {}

    public static ApiProblem of(BookingOutcome.Rejected rejected) {
        HttpStatus status = switch (rejected.reason()) {
            case HALL_NOT_FOUND, SLOT_NOT_FOUND, BOOKING_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case SLOT_FULL, DUPLICATE_BOOKING, TOO_MANY_ACTIVE_BOOKINGS, BOOKING_NOT_ACTIVE, REQUEST_IN_PROGRESS ->
                HttpStatus.CONFLICT;
            case OUTSIDE_BOOKING_WINDOW, CANCEL_TOO_LATE, IDEMPOTENCY_KEY_REUSED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case BOOKER_LOCKED -> HttpStatus.LOCKED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case ADMISSION_REQUIRED -> HttpStatus.PRECONDITION_REQUIRED;
            case TRY_LATER -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        ApiProblem problem =
                ApiProblem.of(status, rejected.reason().name(), status.getReasonPhrase(), rejected.detail());
        if (status == HttpStatus.SERVICE_UNAVAILABLE || rejected.reason().name().equals("REQUEST_IN_PROGRESS")) {
            problem = problem.retryAfter(RETRY_AFTER);
        }
        for (Map.Entry<String, Object> detail : rejected.details().entrySet()) {
            problem = problem.with(detail.getKey(), detail.getValue());
        }
        return problem;
    }
}
