package cn.yuyue.release;

import java.time.Instant;
import java.util.List;

/**
 * A room's line at one instant, without any one ticket: whether the lottery is drawn, the last
 * position admitted, whether the hall-day sold out, and how many were admitted so far.
 */
record RoomState(boolean drawn, long head, boolean soldOut, Instant opensAt, long admittedSoFar, long version) {

    static final RoomState EMPTY = new RoomState(false, 0, false, Instant.EPOCH, 0, 0);

    /** From the meta hash's drawn, head, soldOut, opensAt, admitted and version, in that order. */
    static RoomState of(List<String> values) {
        if (values.get(5) == null) {
            return EMPTY;
        }
        return new RoomState(
                "1".equals(values.get(0)),
                number(values.get(1)),
                "1".equals(values.get(2)),
                Instant.ofEpochMilli(number(values.get(3))),
                number(values.get(4)),
                number(values.get(5)));
    }

    /** The room as a ticket at {@code position} sees it when the line has not reached it yet. */
    TicketSnapshot forWaiting(String owner, long position) {
        return new TicketSnapshot(
                owner, drawn, position, head, soldOut, null, null, null, opensAt, admittedSoFar, version);
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
