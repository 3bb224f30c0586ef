package cn.yuyue.queue;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A hall's live queue as the public sees it: {@code GET /halls/{code}/queue} and each {@code queue}
 * event. It holds counts only, never a ticket's or a taxpayer's details: these streams are public.
 *
 * @param updatedAt when the hall's queue system observed this state; absent before its first push
 * @param stale     true when the hall's queue system has not pushed for a while (or never)
 */
record HallQueue(String hallCode, OffsetDateTime updatedAt, boolean stale, List<PushedState.Group> groups) {}
