package cn.yuyue.queue;

import cn.yuyue.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** The live queues' answers that clients and queue systems branch on. */
final class QueueProblems {

    static final String QUEUE_AUTH_FAILED = "QUEUE_AUTH_FAILED";
    static final String STALE_SEQUENCE = "STALE_SEQUENCE";
    static final String CITY_NOT_FOUND = "CITY_NOT_FOUND";
    /** 404 to the province operator: the hall has no queue-system key with that id. */
    static final String QUEUE_KEY_NOT_FOUND = "QUEUE_KEY_NOT_FOUND";

    private QueueProblems() {}

    /** 401: no valid credential. The detail tells a vendor which check failed, never a secret. */
    static ApiProblem authFailed(String detail) {
        return ApiProblem.of(HttpStatus.UNAUTHORIZED, QUEUE_AUTH_FAILED, "Queue-system authentication failed", detail);
    }

    /** 403: a valid credential of another hall. */
    static ApiProblem otherHall(String keyHall, String pathHall) {
        return ApiProblem.of(
                HttpStatus.FORBIDDEN,
                "FORBIDDEN",
                "Forbidden",
                "This credential belongs to hall " + keyHall + " and cannot write hall " + pathHall);
    }

    /** 409: the hall already has a state with this or a later sequence. */
    static ApiProblem staleSequence(long sent, long stored) {
        return ApiProblem.of(
                        HttpStatus.CONFLICT,
                        STALE_SEQUENCE,
                        "Sequence is not newer",
                        "sequence " + sent + " is not newer than the last accepted " + stored)
                .with("lastSequence", stored);
    }

    /** 404 for a well-formed city code with no halls. */
    static ApiProblem cityNotFound(String cityCode) {
        return ApiProblem.of(
                HttpStatus.NOT_FOUND, CITY_NOT_FOUND, "City not found", "No tax service hall is in city " + cityCode);
    }
}
