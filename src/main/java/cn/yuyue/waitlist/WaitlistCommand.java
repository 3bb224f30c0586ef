package cn.yuyue.waitlist;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/** A validated request to wait for a place in one of {@code starts} of one hall-day, by the verified {@code phone}. */
record WaitlistCommand(
        String hallCode,
        LocalDate date,
        List<LocalTime> starts,
        String taxpayerId,
        String taxpayerName,
        List<String> businessTypes,
        String phone,
        String idempotencyKey,
        String channel) {

    WaitlistCommand {
        starts = List.copyOf(new TreeSet<>(starts));
        businessTypes = List.copyOf(businessTypes);
    }

    /** A digest of what is asked, by whom: the same key with another digest is a reuse of the key. */
    String fingerprint() {
        String canonical = String.join(
                "\n",
                "waitlist",
                phone,
                hallCode,
                date.toString(),
                String.join(",", starts.stream().map(LocalTime::toString).toList()),
                taxpayerId,
                taxpayerName,
                String.join(",", new TreeSet<>(businessTypes)),
                channel);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
