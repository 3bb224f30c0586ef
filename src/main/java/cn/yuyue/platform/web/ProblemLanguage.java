package cn.yuyue.platform.web;

import java.util.List;
import java.util.Locale;

/**
 * The language a problem is written in: Simplified Chinese unless the request's
 * {@code Accept-Language} prefers English. Chinese is the service's language, so an absent,
 * malformed or unsupported header answers in Chinese.
 */
enum ProblemLanguage {
    CHINESE(Locale.SIMPLIFIED_CHINESE),
    ENGLISH(Locale.ENGLISH);

    private final Locale locale;

    ProblemLanguage(Locale locale) {
        this.locale = locale;
    }

    Locale locale() {
        return locale;
    }

    static ProblemLanguage of(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return CHINESE;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException malformed) {
            return CHINESE;
        }
        // parse() orders the ranges by weight; the first one we speak decides.
        for (Locale.LanguageRange range : ranges) {
            String tag = range.getRange().toLowerCase(Locale.ROOT);
            if (range.getWeight() <= 0) {
                continue;
            }
            if (tag.equals("en") || tag.startsWith("en-")) {
                return ENGLISH;
            }
            if (tag.equals("zh") || tag.startsWith("zh-") || tag.equals("*")) {
                return CHINESE;
            }
        }
        return CHINESE;
    }
}
