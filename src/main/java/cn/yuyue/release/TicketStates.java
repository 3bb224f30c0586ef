package cn.yuyue.release;

import java.time.Duration;
import java.time.Instant;

import cn.yuyue.platform.ProvinceTime;
import cn.yuyue.release.TicketView.TicketState;

/**
 * How a ticket reads at an instant, from its room's state: pure rules, no I/O.
 *
 * <ul>
 *   <li>a pass used for a booking, or still within its life: ADMITTED, with the pass;</li>
 *   <li>a pass that ran out unused: EXPIRED (its turn went to the next in line);</li>
 *   <li>not admitted, the hall-day sold out: SOLD_OUT;</li>
 *   <li>not admitted when the room closed: EXPIRED (the day books through the normal door again);</li>
 *   <li>otherwise WAITING, with the tickets ahead and an estimate from the admissions so far.</li>
 * </ul>
 */
final class TicketStates {

    private TicketStates() {}

    static TicketView view(
            String ticket,
            String hallCode,
            TicketSnapshot room,
            Release release,
            Instant now,
            double assumedAdmissionsPerSecond) {
        Long position = room.position() > 0 ? room.position() : null;
        if (room.pass() != null) {
            boolean live = "USED".equals(room.passState())
                    || ("OUT".equals(room.passState()) && room.passExpiresAt().isAfter(now));
            return new TicketView(
                    ticket,
                    hallCode,
                    live ? TicketState.ADMITTED : TicketState.EXPIRED,
                    position,
                    0L,
                    null,
                    live ? room.pass() : null,
                    live ? room.passExpiresAt().atZone(ProvinceTime.ZONE).toOffsetDateTime() : null);
        }
        if (room.soldOut()) {
            return new TicketView(ticket, hallCode, TicketState.SOLD_OUT, position, null, null, null, null);
        }
        if (!now.isBefore(release.closesAt())) {
            return new TicketView(ticket, hallCode, TicketState.EXPIRED, position, null, null, null, null);
        }
        if (position == null) {
            long untilOpening =
                    Math.max(0, Duration.between(now, release.opensAt()).toSeconds());
            return new TicketView(ticket, hallCode, TicketState.WAITING, null, null, untilOpening, null, null);
        }
        long ahead = Math.max(0, position - room.head() - 1);
        return new TicketView(
                ticket,
                hallCode,
                TicketState.WAITING,
                position,
                ahead,
                estimatedWait(
                        ahead,
                        room.admittedSoFar(),
                        Duration.between(release.opensAt(), now),
                        assumedAdmissionsPerSecond),
                null,
                null);
    }

    /**
     * Seconds until a ticket with {@code ahead} tickets before it is admitted, at the rate the room
     * has admitted since its opening; before the first admission, at the assumed rate.
     */
    static long estimatedWait(long ahead, long admittedSoFar, Duration sinceOpening, double assumedPerSecond) {
        double seconds = Math.max(1, sinceOpening.toMillis() / 1000.0);
        double rate = admittedSoFar > 0 ? admittedSoFar / seconds : assumedPerSecond;
        return (long) Math.ceil((ahead + 1) / Math.max(rate, 0.001));
    }
}
