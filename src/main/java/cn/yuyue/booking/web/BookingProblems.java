package cn.yuyue.booking.web;

import java.time.Duration;
import java.util.Map;

import cn.yuyue.booking.application.BookingOutcome;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.springframework.http.HttpStatus;

/** The one mapping from booking refusals to API.md's statuses and codes. */
final class BookingProblems {

    private BookingProblems() {}

    static ApiProblem of(BookingOutcome.Rejected rejected, Duration retryAfter) {
        ApiProblem problem = switch (rejected.reason()) {
            case HALL_NOT_FOUND -> problem(HttpStatus.NOT_FOUND, rejected, "Hall not found");
            case SLOT_NOT_FOUND -> problem(HttpStatus.NOT_FOUND, rejected, "Slot not found");
            case BOOKING_NOT_FOUND -> problem(HttpStatus.NOT_FOUND, rejected, "Booking not found");
            case SLOT_FULL -> problem(HttpStatus.CONFLICT, rejected, "Slot is full");
            case DUPLICATE_BOOKING -> problem(HttpStatus.CONFLICT, rejected, "Taxpayer already booked that day");
            case TOO_MANY_ACTIVE_BOOKINGS -> problem(HttpStatus.CONFLICT, rejected, "Too many active bookings");
            case BOOKING_NOT_ACTIVE -> problem(HttpStatus.CONFLICT, rejected, "Booking is not active");
            case REQUEST_IN_PROGRESS ->
                problem(HttpStatus.CONFLICT, rejected, "Request in progress").retryAfter(retryAfter);
            case OUTSIDE_BOOKING_WINDOW ->
                problem(HttpStatus.UNPROCESSABLE_CONTENT, rejected, "Outside the booking window");
            case CANCEL_TOO_LATE -> problem(HttpStatus.UNPROCESSABLE_CONTENT, rejected, "Too late to cancel");
            case IDEMPOTENCY_KEY_REUSED ->
                problem(HttpStatus.UNPROCESSABLE_CONTENT, rejected, "Idempotency-Key reused");
            case BOOKER_LOCKED -> problem(HttpStatus.LOCKED, rejected, "Booker locked");
            case FORBIDDEN -> problem(HttpStatus.FORBIDDEN, rejected, "Forbidden");
            case ADMISSION_REQUIRED -> problem(HttpStatus.PRECONDITION_REQUIRED, rejected, "Admission required");
            case TRY_LATER -> CommonProblems.tryLater(rejected.detail(), retryAfter);
        };
        for (Map.Entry<String, Object> detail : rejected.details().entrySet()) {
            problem = problem.with(detail.getKey(), detail.getValue());
        }
        return problem;
    }

    private static ApiProblem problem(HttpStatus status, BookingOutcome.Rejected rejected, String title) {
        return ApiProblem.of(status, rejected.reason().name(), title, rejected.detail());
    }
}
