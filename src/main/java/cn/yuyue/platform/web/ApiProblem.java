package cn.yuyue.platform.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;

/**
 * An answer the client can act on: an HTTP status plus the stable {@code code} of API.md.
 *
 * <p>Features turn their rejection values into an {@code ApiProblem} at the web edge; the one
 * {@link ProblemJsonExceptionHandler} writes it as {@code application/problem+json}. It carries no
 * stack trace: it is an answer, not a fault.
 */
public final class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String title;
    private final Map<String, Object> properties;
    private final Duration retryAfter;

    private ApiProblem(
            HttpStatus status,
            String code,
            String title,
            String detail,
            Map<String, Object> properties,
            Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.properties = Map.copyOf(properties);
        this.retryAfter = retryAfter;
    }

    public static ApiProblem of(HttpStatus status, String code, String title, String detail) {
        return new ApiProblem(status, code, title, detail, Map.of(), null);
    }

    /** The same problem with one more member in the body (e.g. {@code lockedUntil}). */
    public ApiProblem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(properties);
        more.put(member, value);
        return new ApiProblem(status, code, title, getMessage(), more, retryAfter);
    }

    /** The same problem telling the client when to try again ({@code Retry-After}). */
    public ApiProblem retryAfter(Duration delay) {
        return new ApiProblem(status, code, title, getMessage(), properties, delay);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
