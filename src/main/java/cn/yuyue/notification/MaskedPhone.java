package cn.yuyue.notification;

/**
 * A phone number as it may appear in logs: {@code 138****5678}.
 *
 * <p>Phone numbers are personal data; logs are read by more people and kept longer than the data
 * itself, so no full number is ever written there. Keeping the ends lets support match a complaint.
 */
public final class MaskedPhone {

    private MaskedPhone() {}

    public static String of(String phone) {
        if (phone == null || phone.length() < 7) {
            return "****";
        }
        return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }
}
