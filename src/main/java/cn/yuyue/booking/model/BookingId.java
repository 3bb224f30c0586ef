package cn.yuyue.booking.model;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Global booking ids that say where the booking lives: {@code HALL-YYYYMMDD-XXXXXXXXXX}, e.g.
 * {@code 34010101-20261201-K7P2QXM4TB}. A read finds the live record in its hall-day without an
 * index; the ten random characters (50 bits) make ids unguessable.
 */
public final class BookingId {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int BITS_PER_CHARACTER = 5;
    private static final int RANDOM_CHARACTERS = 10;
    private static final Pattern SHAPE = Pattern.compile("^(\\d{8})-(\\d{8})-([0-9A-HJKMNP-TV-Z]{10})$");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private BookingId() {}

    public static String next(String hallCode, LocalDate date, RandomGenerator random) {
        StringBuilder id =
                new StringBuilder(hallCode).append('-').append(DAY.format(date)).append('-');
        // One draw, five bits per character: the alphabet has exactly 32 letters, so each is equally
        // likely, and the strong generator is asked once per booking instead of ten times.
        long bits = random.nextLong();
        for (int i = 0; i < RANDOM_CHARACTERS; i++) {
            id.append(ALPHABET.charAt((int) (bits & (ALPHABET.length() - 1))));
            bits >>>= BITS_PER_CHARACTER;
        }
        return id.toString();
    }

    /** Where a well-formed id lives; empty for anything else, which callers answer with a 404. */
    public static Optional<Location> locate(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(id);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Location(matcher.group(1), LocalDate.parse(matcher.group(2), DAY)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public record Location(String hallCode, LocalDate date) {}
}
