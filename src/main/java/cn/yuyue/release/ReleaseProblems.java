package cn.yuyue.release;

import java.time.Duration;

import cn.yuyue.hall.HallProblems;
import cn.yuyue.platform.web.ApiProblem;
import cn.yuyue.platform.web.CommonProblems;
import org.springframework.http.HttpStatus;

/** The one mapping from the waiting room's refusals to statuses and stable codes. */
final class ReleaseProblems {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private ReleaseProblems() {}

    static ApiProblem of(RoomOutcome.Refused refused) {
        return switch (refused.reason()) {
            case RELEASE_NOT_FOUND -> releaseNotFound(refused.detail());
            case HALL_NOT_FOUND ->
                ApiProblem.of(HttpStatus.NOT_FOUND, HallProblems.HALL_NOT_FOUND, "Hall not found", refused.detail());
            case TICKET_NOT_FOUND ->
                ApiProblem.of(HttpStatus.NOT_FOUND, "TICKET_NOT_FOUND", "Ticket not found", refused.detail());
            case FORBIDDEN -> ApiProblem.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "Forbidden", refused.detail());
            case ROOM_CLOSED ->
                ApiProblem.of(
                        HttpStatus.UNPROCESSABLE_CONTENT, "ROOM_CLOSED", "Waiting room not open", refused.detail());
            case TICKET_LIMIT ->
                ApiProblem.of(HttpStatus.CONFLICT, "TICKET_LIMIT", "Too many waiting rooms", refused.detail());
            case TRY_LATER -> CommonProblems.tryLater(refused.detail(), RETRY_AFTER);
        };
    }

    static ApiProblem releaseNotFound(String detail) {
        return ApiProblem.of(HttpStatus.NOT_FOUND, "RELEASE_NOT_FOUND", "Release not found", detail);
    }

    static ApiProblem overlaps(String otherId) {
        return ApiProblem.of(
                        HttpStatus.CONFLICT,
                        "RELEASE_OVERLAPS",
                        "Release overlaps another",
                        "The waiting room would overlap that of release " + otherId + " on the same day")
                .with("releaseId", otherId);
    }
}
