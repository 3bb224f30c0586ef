package cn.yuyue.booking.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * A digest of what a booking request asks for, by whom. The same Idempotency-Key with the same
 * fingerprint is a replay; with another fingerprint it is a reuse of the key (422).
 */
final class RequestFingerprint {

    private RequestFingerprint() {}

    static String of(BookingCommand command) {
        String canonical = String.join(
                "\n",
                command.phone(),
                command.hallCode(),
                command.date().toString(),
                command.start().toString(),
                command.taxpayerId(),
                command.taxpayerName(),
                String.join(",", new TreeSet<>(command.businessTypes())),
                command.channel().name());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
