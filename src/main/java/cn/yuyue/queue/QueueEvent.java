package cn.yuyue.queue;

import java.time.Instant;
import java.util.List;

import cn.yuyue.platform.ProvinceTime;

/**
 * One hall's state as watchers see it, with the id it carries on the event stream.
 *
 * @param sequence   the queue system's sequence; 0 for a hall that never pushed
 * @param receivedAt when the intake accepted the state; null for a hall that never pushed
 * @param body       what the snapshot endpoint answers and each SSE event carries
 */
record QueueEvent(String hallCode, long sequence, boolean stale, Instant receivedAt, HallQueue body) {

    static QueueEvent of(PushedState state, boolean stale) {
        HallQueue body = new HallQueue(
                state.hallCode(),
                state.observedAt().atZoneSameInstant(ProvinceTime.ZONE).toOffsetDateTime(),
                stale,
                state.groups());
        return new QueueEvent(state.hallCode(), state.sequence(), stale, state.receivedAt(), body);
    }

    /** A hall whose queue system has not pushed (or not within the retention): stale, no groups. */
    static QueueEvent none(String hallCode) {
        return new QueueEvent(hallCode, 0, true, null, new HallQueue(hallCode, null, true, List.of()));
    }

    QueueEvent turnedStale() {
        return new QueueEvent(
                hallCode, sequence, true, receivedAt, new HallQueue(hallCode, body.updatedAt(), true, body.groups()));
    }

    /**
     * The SSE id: {@code HALL:SEQUENCE}, with {@code :stale} once the hall fell silent, so that a
     * client resuming after the hall turned stale is told so. Two events with the same id carry the
     * same body.
     */
    String id() {
        return hallCode + ":" + sequence + (stale ? ":stale" : "");
    }

    /** Orders the events of one hall: a later sequence, or the same one turned stale, is newer. */
    long version() {
        return sequence * 2 + (stale ? 1 : 0);
    }
}
