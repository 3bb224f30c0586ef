package cn.yuyue.notification;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wording of every SMS, kept in configuration ({@code yuyue.sms.templates.<name>}) so that the
 * province can change it without a release. Placeholders are written {@code {name}}.
 */
public final class SmsTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*)}");

    private final Map<String, String> templates;

    public SmsTemplates(Map<String, String> templates) {
        this.templates = Map.copyOf(templates);
    }

    /**
     * The message of template {@code templateName} with every {@code {placeholder}} replaced by
     * {@code String.valueOf(values.get(placeholder))}; extra values are ignored.
     *
     * @throws IllegalArgumentException if there is no such template, or it names a placeholder that
     *                                  {@code values} lacks: a half-filled SMS must never reach anyone
     */
    public String render(String templateName, Map<String, ?> values) {
        String template = templates.get(templateName);
        if (template == null) {
            throw new IllegalArgumentException("No SMS template '" + templateName + "'; configure yuyue.sms.templates."
                    + templateName + " (known: " + templates.keySet() + ")");
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder(template.length() + 32);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!values.containsKey(name) || values.get(name) == null) {
                throw new IllegalArgumentException(
                        "SMS template '" + templateName + "' needs a value for {" + name + "}");
            }
            matcher.appendReplacement(text, Matcher.quoteReplacement(String.valueOf(values.get(name))));
        }
        matcher.appendTail(text);
        return text.toString();
    }
}
