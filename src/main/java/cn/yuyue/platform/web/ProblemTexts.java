package cn.yuyue.platform.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The words of a problem in the reader's language. Simplified Chinese comes from the catalogue
 * {@code i18n/problems.properties} by {@code code} (with a fallback per status, so a code added
 * elsewhere still answers in Chinese); English is the feature's own title and detail, which name
 * the exact input for a client developer, so it needs no file. Codes never change with the language.
 */
@Component
final class ProblemTexts {

    private static final Object[] NO_ARGS = {};

    private final MessageSource messages;

    ProblemTexts() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("i18n/problems");
        source.setDefaultEncoding("UTF-8");
        // Only the request decides the language, never the JVM's own locale.
        source.setFallbackToSystemLocale(false);
        this.messages = source;
        // Reads the file now, at start-up: the first problem is written on an event-loop thread,
        // where reading a file would block it. The message source keeps the bundle from then on.
        messages.getMessage("problem.VALIDATION_FAILED.title", NO_ARGS, ProblemLanguage.CHINESE.locale());
    }

    String title(ApiProblem problem, ProblemLanguage language) {
        return title(problem.code(), problem.status().value(), language, problem.title());
    }

    String detail(ApiProblem problem, ProblemLanguage language) {
        if (language == ProblemLanguage.ENGLISH) {
            return problem.detail();
        }
        String fields = fields(problem);
        if (fields.isEmpty() && CommonProblems.VALIDATION_FAILED.equals(problem.code())) {
            return statusText(problem.status().value(), "detail", problem.detail());
        }
        Object[] args = {
            fields, member(problem, "lockedUntil"), member(problem, "reference"), member(problem, "releaseId")
        };
        return text(
                "problem." + problem.code() + ".detail",
                args,
                () -> statusText(problem.status().value(), "detail", problem.detail()));
    }

    /** Also for answers written below WebFlux, where only a status, a code and English are known. */
    String title(String code, int status, ProblemLanguage language, String english) {
        return language == ProblemLanguage.ENGLISH
                ? english
                : text("problem." + code + ".title", NO_ARGS, () -> statusText(status, "title", english));
    }

    String detail(String code, int status, ProblemLanguage language, String english) {
        return language == ProblemLanguage.ENGLISH
                ? english
                : text("problem." + code + ".detail", NO_ARGS, () -> statusText(status, "detail", english));
    }

    /** The words for the status, else for its class (4xx, 5xx), else the English given. */
    private String statusText(int status, String part, String english) {
        HttpStatus.Series series = HttpStatus.Series.resolve(status);
        return text(
                "status." + status + "." + part,
                NO_ARGS,
                () -> series == null ? english : text("status." + series.name() + "." + part, NO_ARGS, () -> english));
    }

    private String text(String key, Object[] args, Supplier<String> otherwise) {
        String found = messages.getMessage(key, args, null, ProblemLanguage.CHINESE.locale());
        return found != null ? found : otherwise.get();
    }

    /** The bad fields of a VALIDATION_FAILED, named in Chinese. */
    private String fields(ApiProblem problem) {
        if (!(problem.properties().get("errors") instanceof List<?> errors)) {
            return "";
        }
        return errors.stream()
                .map(error -> error instanceof Map<?, ?> map ? String.valueOf(map.get("field")) : null)
                .filter(Objects::nonNull)
                .distinct()
                .map(field -> messages.getMessage("field." + field, null, field, ProblemLanguage.CHINESE.locale()))
                .collect(Collectors.joining("、"));
    }

    private static String member(ApiProblem problem, String name) {
        Object value = problem.properties().get(name);
        return value == null ? "" : String.valueOf(value);
    }
}
