package cn.yuyue.waitlist;

import java.time.Duration;
import java.util.Map;

import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.springframework.http.HttpStatus;

/**
 * The one mapping from waitlist refusals to statuses and codes: the codes a booking refusal has
 * for the same rule, plus {@code SLOT_NOT_FULL} (409), {@code WAITLIST_CAP_REACHED} (409) and
 * {@code WAITLIST_ENTRY_NOT_FOUND} (404).
 */
final class WaitlistProblems {

    private WaitlistProblems() {}

    static ApiProblem of(WaitlistOutcome.Rejected rejected, Duration retryAfter) {
        ApiProblem problem = switch (rejected.reason()) {
            case HALL_NOT_FOUND -> problem(HttpStatus.NOT_FOUND, rejected, "Hall not found");
            case SLOT_NOT_FOUND -> problem(HttpStatus.NOT_FOUND, rejected, "Slot not found");
            case WAITLIST_ENTRY_NOT_FOUND -> problem(HttpStatus.NOT_FOUND, rejected, "Waitlist entry not found");
            case DUPLICATE_BOOKING ->
                problem(HttpStatus.CONFLICT, rejected, "Taxpayer already booked or waiting that day");
            case SLOT_NOT_FULL -> problem(HttpStatus.CONFLICT, rejected, "Slot has places left");
            case WAITLIST_CAP_REACHED -> problem(HttpStatus.CONFLICT, rejected, "Too many waitlist entries");
            case OUTSIDE_BOOKING_WINDOW ->
                problem(HttpStatus.UNPROCESSABLE_CONTENT, rejected, "Outside the booking window");
            case IDEMPOTENCY_KEY_REUSED ->
                problem(HttpStatus.UNPROCESSABLE_CONTENT, rejected, "Idempotency-Key reused");
            case BOOKER_LOCKED -> problem(HttpStatus.LOCKED, rejected, "Booker locked");
            case FORBIDDEN -> problem(HttpStatus.FORBIDDEN, rejected, "Forbidden");
            case TRY_LATER -> CommonProblems.tryLater(rejected.detail(), retryAfter);
        };
        for (Map.Entry<String, Object> detail : rejected.details().entrySet()) {
            problem = problem.with(detail.getKey(), detail.getValue());
        }
        return problem;
    }

    private static ApiProblem problem(HttpStatus status, WaitlistOutcome.Rejected rejected, String title) {
        return ApiProblem.of(status, rejected.reason().name(), title, rejected.detail());
    }
}
