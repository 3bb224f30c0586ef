package cn.yuyue.queue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A hall's queue state as accepted from its queue system: what Redis stores under
 * {@code yy:queue:{HALL}} and what is fanned out on {@code yy:queue:updates}, as JSON.
 *
 * @param sequence   the queue system's counter; strictly increasing per hall
 * @param observedAt when the queue system saw this state, by its clock
 * @param receivedAt when the intake accepted it, by ours; staleness is measured from here because the
 *                   hall's clock is not ours
 * @param groups     estimates always filled in: sent by the hall or computed by {@link EstimatedWait}
 */
record PushedState(String hallCode, long sequence, OffsetDateTime observedAt, Instant receivedAt, List<Group> groups) {

    PushedState {
        groups = List.copyOf(groups);
    }

    /**
     * One window group (e.g. 综合业务, 发票业务).
     *
     * @param waiting               tickets drawn and not yet called
     * @param serving               tickets being served now, i.e. windows busy with this group
     * @param estimatedWaitMinutes  expected wait of a ticket drawn now
     */
    record Group(String group, int waiting, int serving, int estimatedWaitMinutes) {}
}
