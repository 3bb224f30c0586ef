package cn.yuyue.admin.schedule;

/** What reopening a closed day or slot came to; {@link ScheduleController} words each answer. */
public sealed interface ReopeningResult {

    /** Open again, and its places are back in the built day. */
    record Reopened() implements ReopeningResult {}

    /** The hall has no closure {@code closureId}. */
    record ClosureNotFound(long closureId) implements ReopeningResult {}
}
