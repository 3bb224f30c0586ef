package cn.yuyue.booking.web;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

import cn.yuyue.booking.model.TaxpayerId;
import cn.yuyue.hall.HallCatalogue;
import cn.yuyue.platform.web.FieldErrors;

/**
 * The checks every request that books for a taxpayer makes on its common fields (a booking, a
 * waitlist entry), with the same messages, so both name a bad field the same way.
 */
public final class BookerFields {

    private static final int NAME_MIN = 2;
    private static final int NAME_MAX = 60;
    private static final int KEY_MAX = 64;
    // Compiled once: String.matches compiles its pattern on every call, at a peak on every booking.
    private static final Pattern KEY_CHARACTERS = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern HALL_CODE = Pattern.compile("\\d{8}");

    private BookerFields() {}

    public static void idempotencyKey(String key, FieldErrors errors) {
        if (key == null
                || key.isBlank()
                || key.length() > KEY_MAX
                || !KEY_CHARACTERS.matcher(key).matches()) {
            errors.add("Idempotency-Key", "header is required: a UUID or up to 64 letters, digits, - and _");
        }
    }

    public static void hallCode(String hallCode, FieldErrors errors) {
        if (hallCode == null || !HALL_CODE.matcher(hallCode).matches()) {
            errors.add("hallCode", "must be an 8-digit hall code");
        }
    }

    public static void taxpayerId(String taxpayerId, FieldErrors errors) {
        if (taxpayerId == null) {
            errors.add("taxpayerId", "is required");
        } else {
            TaxpayerId.problem(taxpayerId).ifPresent(problem -> errors.add("taxpayerId", problem));
        }
    }

    /** The name as it will be stored (stripped), or null; a bad one is added to {@code errors}. */
    public static String taxpayerName(String taxpayerName, FieldErrors errors) {
        String name = taxpayerName == null ? null : taxpayerName.strip();
        if (name == null
                || name.length() < NAME_MIN
                || name.length() > NAME_MAX
                || name.chars().anyMatch(Character::isISOControl)) {
            errors.add("taxpayerName", "must be " + NAME_MIN + " to " + NAME_MAX + " printable characters");
        }
        return name;
    }

    public static void businessTypes(List<String> businessTypes, HallCatalogue catalogue, FieldErrors errors) {
        if (businessTypes == null || businessTypes.isEmpty() || businessTypes.size() > 12) {
            errors.add("businessTypes", "must list 1 to 12 business type codes");
            return;
        }
        if (new HashSet<>(businessTypes).size() != businessTypes.size()) {
            errors.add("businessTypes", "must not repeat a business type");
            return;
        }
        businessTypes.stream()
                .filter(code -> code == null || catalogue.businessType(code).isEmpty())
                .findFirst()
                .ifPresent(code -> errors.add("businessTypes", "unknown business type " + code));
    }
}
