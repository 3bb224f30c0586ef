package cn.yuyue.platform.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/** Problems that are not owned by one feature. */
public final class CommonProblems {

    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";

    private CommonProblems() {}

    /** A 400 naming one bad field; {@link #validationFailed(List)} names several. */
    public static ApiProblem validationFailed(String field, String message) {
        return validationFailed(List.of(new FieldError(field, message)));
    }

    public static ApiProblem validationFailed(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return ApiProblem.of(HttpStatus.BAD_REQUEST, VALIDATION_FAILED, "Request is invalid", detail)
                .with("errors", errors.stream().map(FieldError::asMap).toList());
    }

    /** A 503 TRY_LATER: nothing was changed, and the client may try again after {@code retryAfter}. */
    public static ApiProblem tryLater(String detail, Duration retryAfter) {
        return ApiProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "TRY_LATER", "Try later", detail)
                .retryAfter(retryAfter);
    }

    /** One bad input field and what is wrong with it, in words a client developer can act on. */
    public record FieldError(String field, String message) {
        Map<String, String> asMap() {
            return Map.of("field", field, "message", message);
        }
    }
}
