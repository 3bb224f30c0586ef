package cn.yuyue.waitlist;

import java.util.Map;

/** What a waitlist use case decided: a value for every business outcome. */
sealed interface WaitlistOutcome {

    /** A new entry, in line at {@code position}. */
    record Joined(WaitlistEntry entry, long position) implements WaitlistOutcome {}

    /** An existing entry (a replay of the same request, leaving twice); position 0 when not waiting. */
    record Existing(WaitlistEntry entry, long position) implements WaitlistOutcome {}

    /** Refused; nothing changed. {@code details} become extra members of the problem body. */
    record Rejected(WaitlistRejection reason, String detail, Map<String, Object> details) implements WaitlistOutcome {
        Rejected(WaitlistRejection reason, String detail) {
            this(reason, detail, Map.of());
        }
    }
}
