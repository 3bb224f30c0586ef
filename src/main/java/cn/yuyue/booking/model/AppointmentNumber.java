package cn.yuyue.booking.model;

/**
 * The appointment number (预约号) read aloud at the guide's desk: a letter and three digits,
 * A001..A999, then B001... Letters that are misread for digits (I, O) are skipped.
 */
public final class AppointmentNumber {

    private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final int PER_LETTER = 999;

    private AppointmentNumber() {}

    public static String format(long seq) {
        if (seq < 1 || seq > (long) LETTERS.length() * PER_LETTER) {
            throw new IllegalArgumentException("Appointment sequence out of range: " + seq);
        }
        long index = seq - 1;
        char letter = LETTERS.charAt((int) (index / PER_LETTER));
        return letter + String.format("%03d", index % PER_LETTER + 1);
    }

    /** The sequence behind a number typed at the desk, case-insensitive; -1 if it is not one. */
    public static long parse(String number) {
        if (number == null || number.length() != 4) {
            return -1;
        }
        int letter = LETTERS.indexOf(Character.toUpperCase(number.charAt(0)));
        String digits = number.substring(1);
        if (letter < 0 || !digits.chars().allMatch(Character::isDigit) || "000".equals(digits)) {
            return -1;
        }
        return (long) letter * PER_LETTER + Integer.parseInt(digits);
    }
}
