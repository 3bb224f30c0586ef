package cn.yuyue.release;

import java.time.Instant;
import java.util.List;

/**
 * A ticket and its room as Redis holds them at one instant.
 *
 * @param position   place in line, 0 before the lottery is drawn
 * @param head       the last position admitted so far
 * @param pass       the pass, once admitted (else null)
 * @param passState  OUT, USED or EXPIRED, once admitted
 */
record TicketSnapshot(
        String owner,
        boolean drawn,
        long position,
        long head,
        boolean soldOut,
        String pass,
        Instant passExpiresAt,
        String passState,
        Instant opensAt,
        long admittedSoFar,
        long version) {

    /** The reply of room-read-ticket.lua; empty owner when there is no such ticket. */
    static TicketSnapshot of(List<?> reply) {
        String admitted = String.valueOf(reply.get(5));
        String pass = null;
        Instant expiresAt = null;
        String state = null;
        if (!admitted.isEmpty()) {
            String[] parts = admitted.split("\\|", -1);
            pass = parts[0];
            expiresAt = Instant.ofEpochMilli(Long.parseLong(parts[1]));
            state = parts[2];
        }
        return new TicketSnapshot(
                String.valueOf(reply.get(0)),
                number(reply, 1) == 1,
                number(reply, 2),
                number(reply, 3),
                number(reply, 4) == 1,
                pass,
                expiresAt,
                state,
                Instant.ofEpochMilli(number(reply, 6)),
                number(reply, 7),
                number(reply, 8));
    }

    boolean exists() {
        return !owner.isEmpty();
    }

    private static long number(List<?> reply, int index) {
        Object value = reply.get(index);
        return value instanceof Number number ? number.longValue() : 0;
    }
}
