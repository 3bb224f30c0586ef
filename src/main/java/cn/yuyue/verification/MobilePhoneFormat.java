package cn.yuyue.verification;

import java.util.regex.Pattern;

/**
 * The shape of a mainland China mobile number: 11 digits, {@code 1} then {@code 3}-{@code 9}.
 * Bean Validation users write {@link MobilePhone @MobilePhone}; others call {@link #isValid}.
 */
public final class MobilePhoneFormat {

    public static final String REGEX = "^1[3-9]\\d{9}$";
    public static final String MESSAGE = "must be a mainland mobile number: 11 digits starting with 13 to 19";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private MobilePhoneFormat() {}

    public static boolean isValid(String phone) {
        return phone != null && PATTERN.matcher(phone).matches();
    }
}
