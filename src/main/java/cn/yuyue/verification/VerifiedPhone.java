package cn.yuyue.verification;

/**
 * A mobile number whose owner proved, by SMS code, that they hold it; obtained only from a valid
 * verification token through {@link PhoneVerification}.
 *
 * @param phone the 11-digit mainland mobile number
 */
public record VerifiedPhone(String phone) {

    @Override
    public String toString() {
        // Records print their fields; a stray log of this value must not leak the number.
        return "VerifiedPhone[" + cn.yuyue.notification.MaskedPhone.of(phone) + "]";
    }
}
