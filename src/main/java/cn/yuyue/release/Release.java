package cn.yuyue.release;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The moment a day's places open, with the waiting room around it.
 *
 * @param id       {@code daily-DATE} for the daily release, a random id for an added one
 * @param daily    whether it is the daily release (computed, not stored)
 * @param reason   why an operator added it; empty for the daily release
 */
record Release(String id, LocalDate date, Instant opensAt, Instant closesAt, boolean daily, String reason) {

    static final String DAILY_PREFIX = "daily-";

    enum State {
        UPCOMING,
        OPEN,
        CLOSED
    }

    State state(Instant now) {
        if (now.isBefore(opensAt)) {
            return State.UPCOMING;
        }
        return now.isBefore(closesAt) ? State.OPEN : State.CLOSED;
    }

    /** From {@code joinLead} before the opening until the close: tickets are taken, the door needs a pass. */
    boolean roomOpen(Instant now, Duration joinLead) {
        return !now.isBefore(opensAt.minus(joinLead)) && now.isBefore(closesAt);
    }

    boolean overlaps(Release other, Duration joinLead) {
        return date.equals(other.date)
                && opensAt.minus(joinLead).isBefore(other.closesAt)
                && other.opensAt.minus(joinLead).isBefore(closesAt);
    }
}
