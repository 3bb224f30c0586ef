package cn.yuyue.platform.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where failures become {@code application/problem+json} (RFC 9457) with a stable
 * {@code code}. It sits before Boot's error handler so that unknown paths, bad JSON and faults in
 * any feature answer in the same shape, and never with a stack trace.
 */
@Component
@Order(-2)
class ProblemJsonExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonExceptionHandler.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final JsonMapper jsonMapper;
    private final ProblemTexts texts;

    ProblemJsonExceptionHandler(JsonMapper jsonMapper, ProblemTexts texts) {
        this.jsonMapper = jsonMapper;
        this.texts = texts;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        ApiProblem problem = toProblem(exchange, failure);
        return write(exchange, problem);
    }

    private ApiProblem toProblem(ServerWebExchange exchange, Throwable failure) {
        if (failure instanceof ApiProblem problem) {
            return problem;
        }
        if (failure instanceof WebExchangeBindException binding) {
            return CommonProblems.validationFailed(binding.getFieldErrors().stream()
                    .map(error ->
                            new CommonProblems.FieldError(error.getField(), String.valueOf(error.getDefaultMessage())))
                    .toList());
        }
        if (failure instanceof ServerWebInputException input) {
            return CommonProblems.validationFailed(List.of(inputError(input)));
        }
        if (failure instanceof MethodNotAllowedException notAllowed) {
            return ApiProblem.of(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "METHOD_NOT_ALLOWED",
                    "Method not allowed",
                    notAllowed.getHttpMethod() + " is not supported here");
        }
        if (failure instanceof ResponseStatusException status) {
            return fromStatus(exchange, status);
        }
        // Not UUID.randomUUID(): its SecureRandom may read /dev/urandom on the event loop.
        String errorId = Long.toHexString(ThreadLocalRandom.current().nextLong());
        log.error(
                "Unhandled failure {} on {} {}",
                errorId,
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                failure);
        return ApiProblem.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "INTERNAL_ERROR",
                        "Internal error",
                        "Something went wrong on our side; nothing was changed. Reference: " + errorId)
                .with("reference", errorId);
    }

    private static CommonProblems.FieldError inputError(ServerWebInputException input) {
        for (Throwable cause = input; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return new CommonProblems.FieldError(unknown.getPropertyName(), "is not a known field");
            }
            if (cause instanceof MismatchedInputException mismatched
                    && !mismatched.getPath().isEmpty()) {
                return new CommonProblems.FieldError(fieldPath(mismatched), "has the wrong type or shape");
            }
        }
        String field =
                input.getMethodParameter() != null && input.getMethodParameter().getParameterName() != null
                        ? input.getMethodParameter().getParameterName()
                        : "body";
        Throwable cause = input.getMostSpecificCause();
        String message = cause instanceof DecodingException || input.getReason() == null
                ? "is not valid JSON of the expected shape"
                : input.getReason();
        return new CommonProblems.FieldError(field, message);
    }

    private static String fieldPath(MismatchedInputException mismatched) {
        StringBuilder path = new StringBuilder();
        mismatched.getPath().forEach(reference -> {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        });
        return path.toString();
    }

    private static ApiProblem fromStatus(ServerWebExchange exchange, ResponseStatusException failure) {
        HttpStatus status = HttpStatus.resolve(failure.getStatusCode().value());
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status == HttpStatus.NOT_FOUND) {
            return ApiProblem.of(
                    status,
                    "NOT_FOUND",
                    "Not found",
                    "No resource at " + exchange.getRequest().getPath());
        }
        return ApiProblem.of(
                status,
                status.name(),
                status.getReasonPhrase(),
                failure.getReason() == null ? status.getReasonPhrase() : failure.getReason());
    }

    private Mono<Void> write(ServerWebExchange exchange, ApiProblem problem) {
        ProblemLanguage language =
                ProblemLanguage.of(exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                URI.create("https://yuyue.cn/problems/"
                        + problem.code().toLowerCase().replace('_', '-')));
        body.put("title", texts.title(problem, language));
        body.put("status", problem.status().value());
        body.put("detail", texts.detail(problem, language));
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("code", problem.code());
        body.putAll(problem.properties());
        byte[] json = jsonMapper.writeValueAsBytes(body);
        var response = exchange.getResponse();
        response.setStatusCode(problem.status());
        response.getHeaders().setContentType(PROBLEM_JSON);
        response.getHeaders()
                .set(HttpHeaders.CONTENT_LANGUAGE, language.locale().toLanguageTag());
        response.getHeaders().add(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
        problem.retryAfter()
                .ifPresent(delay -> response.getHeaders()
                        .set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, delay.toSeconds()))));
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(json)));
    }
}
