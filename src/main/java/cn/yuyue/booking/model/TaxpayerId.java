package cn.yuyue.booking.model;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A taxpayer's id: an 18-character unified social credit code of an organisation (GB 32100-2015)
 * or an 18-digit resident identity number of a person (GB 11643-1999). Both end in a check
 * character, verified here so a mistyped id is refused before it takes a place.
 */
public final class TaxpayerId {

    private static final String CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CREDIT_CODE_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] RESIDENT_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String RESIDENT_CHECKS = "10X98765432";

    private TaxpayerId() {}

    /** Why the id is not acceptable, or empty when it is one of the two valid kinds. */
    public static Optional<String> problem(String id) {
        if (id == null || id.length() != 18) {
            return Optional.of("must be 18 characters: a unified social credit code or a resident identity number");
        }
        if (id.chars().limit(17).allMatch(Character::isDigit) && looksLikeResidentNumber(id)) {
            return isValidResidentNumber(id)
                    ? Optional.empty()
                    : Optional.of("check digit of the resident identity number does not match");
        }
        return isValidCreditCode(id)
                ? Optional.empty()
                : Optional.of("check character of the unified social credit code does not match");
    }

    /** A credit code may also be all digits; a birth date in positions 7-14 marks a person's number. */
    private static boolean looksLikeResidentNumber(String id) {
        try {
            LocalDate.of(
                    Integer.parseInt(id.substring(6, 10)),
                    Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
            return !isValidCreditCode(id);
        } catch (DateTimeException | NumberFormatException e) {
            return false;
        }
    }

    static boolean isValidCreditCode(String code) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = CREDIT_CODE_CHARS.indexOf(code.charAt(i));
            if (value < 0) {
                return false;
            }
            sum += value * CREDIT_CODE_WEIGHTS[i];
        }
        int check = (31 - sum % 31) % 31;
        return code.charAt(17) == CREDIT_CODE_CHARS.charAt(check);
    }

    static boolean isValidResidentNumber(String number) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (number.charAt(i) - '0') * RESIDENT_WEIGHTS[i];
        }
        return Character.toUpperCase(number.charAt(17)) == RESIDENT_CHECKS.charAt(sum % 11);
    }

    /** Masks an id for logs: the first 4 and last 2 characters stay. */
    public static String masked(String id) {
        if (id == null || id.length() < 8) {
            return "****";
        }
        return id.substring(0, 4) + "*".repeat(id.length() - 6) + id.substring(id.length() - 2);
    }
}
