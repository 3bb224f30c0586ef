package cn.yuyue.platform.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.HttpStatus;

/**
 * The words of a problem in the reader's language. Simplified Chinese comes from the catalogue
 * {@code i18n/problems.properties} by {@code code} (with a fallback per status, so a code added
 * elsewhere still answers in Chinese); English is the feature's own title and detail, which name
 * the exact input for a client developer. Codes never change with the language.
 */
final class ProblemTexts {

    private final MessageSource messages;

    ProblemTexts() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("i18n/problems");
        source.setDefaultEncoding("UTF-8");
        // The JVM's own locale must not decide: without this a Chinese request on an English
        // machine would read problems_en.properties.
        source.setFallbackToSystemLocale(false);
        this.messages = source;
    }

    String title(ApiProblem problem, ProblemLanguage language) {
        if (language == ProblemLanguage.ENGLISH) {
            return problem.title();
        }
        return text("problem." + problem.code() + ".title", new Object[0], language,
                () -> statusText(problem.status(), "title", language));
    }

    String detail(ApiProblem problem, ProblemLanguage language) {
        if (language == ProblemLanguage.ENGLISH) {
            return problem.detail();
        }
        String fields = fields(problem, language);
        if (fields.isEmpty() && CommonProblems.VALIDATION_FAILED.equals(problem.code())) {
            return statusText(problem.status(), "detail", language);
        }
        Object[] args = {fields, member(problem, "lockedUntil"), member(problem, "reference"),
                member(problem, "releaseId")};
        return text("problem." + problem.code() + ".detail", args, language,
                () -> statusText(problem.status(), "detail", language));
    }

    /** For answers written below WebFlux, where only a status and a code are known. */
    String title(String code, int status, ProblemLanguage language, String english) {
        return language == ProblemLanguage.ENGLISH ? english
                : text("problem." + code + ".title", new Object[0], language,
                        () -> text("status." + status + ".title", new Object[0], language, () -> english));
    }

    String detail(String code, int status, ProblemLanguage language, String english) {
        return language == ProblemLanguage.ENGLISH ? english
                : text("problem." + code + ".detail", new Object[0], language,
                        () -> text("status." + status + ".detail", new Object[0], language, () -> english));
    }

    private String statusText(HttpStatus status, String part, ProblemLanguage language) {
        String key = "status." + status.value() + "." + part;
        return text(key, new Object[0], language, () -> text("status." + status.series().name() + "." + part,
                new Object[0], language, status::getReasonPhrase));
    }

    private String text(String key, Object[] args, ProblemLanguage language, java.util.function.Supplier<String> otherwise) {
        String found = messages.getMessage(key, args, null, language.locale());
        return found != null ? found : otherwise.get();
    }

    /** The bad fields of a VALIDATION_FAILED, named in the reader's language. */
    private String fields(ApiProblem problem, ProblemLanguage language) {
        if (!(problem.properties().get("errors") instanceof List<?> errors)) {
            return "";
        }
        String separator = language == ProblemLanguage.CHINESE ? "、" : ", ";
        return errors.stream()
                .map(error -> error instanceof Map<?, ?> map ? String.valueOf(map.get("field")) : null)
                .filter(Objects::nonNull)
                .distinct()
                .map(field -> messages.getMessage("field." + field, null, field, language.locale()))
                .collect(Collectors.joining(separator));
    }

    private static String member(ApiProblem problem, String name) {
        Object value = problem.properties().get(name);
        return value == null ? "" : String.valueOf(value);
    }
}
