package cn.yuyue.queue;

/**
 * The wait estimate for a group whose queue system sends none.
 *
 * <p>{@code ceil(waiting x minutes per ticket / max(serving, 1))}: the tickets ahead are shared by
 * the windows serving the group now. When nobody is serving (windows about to open, all staff on
 * break) one window is assumed rather than answering "infinite", which a taxpayer cannot act on.
 * Never below 0; rounded up because a taxpayer planning a trip is better served by a wait that is a
 * minute too long than one too short. Minutes per ticket come from
 * {@link QueueProperties#serviceMinutes(String)}.
 */
final class EstimatedWait {

    /** One working day: an estimate beyond this says nothing more useful. */
    static final int MAX_MINUTES = 24 * 60;

    private EstimatedWait() {}

    static int minutes(int waiting, int serving, double minutesPerTicket) {
        if (waiting <= 0 || minutesPerTicket <= 0) {
            return 0;
        }
        double minutes = Math.ceil(waiting * minutesPerTicket / Math.max(serving, 1));
        return (int) Math.min(MAX_MINUTES, minutes);
    }
}
