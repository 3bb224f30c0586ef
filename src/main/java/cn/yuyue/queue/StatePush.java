package cn.yuyue.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cn.yuyue.platform.web.CommonProblems.FieldError;

/**
 * The body of {@code PUT /queue-systems/halls/{code}/state}, as a queue system sends it.
 *
 * <p>Checked by hand rather than by Bean Validation: the rules are few, and the field paths
 * ({@code groups[2].waiting}) and messages are part of what vendors read when integrating.
 */
record StatePush(Long sequence, OffsetDateTime observedAt, List<GroupPush> groups) {

    /** Largest integer every JSON parser and Redis's Lua read exactly (2^53 - 1). */
    static final long MAX_SEQUENCE = 9_007_199_254_740_991L;
    static final int MAX_GROUPS = 20;
    static final int MAX_GROUP_NAME = 32;
    static final int MAX_WAITING = 10_000;
    static final int MAX_SERVING = 500;

    /** One window group as pushed; {@code estimatedWaitMinutes} may be left out. */
    record GroupPush(String group, Integer waiting, Integer serving, Integer estimatedWaitMinutes) {
    }

    /** Every rule the body breaks; empty when it may be accepted. */
    List<FieldError> violations(Instant now, Duration clockTolerance) {
        List<FieldError> errors = new ArrayList<>();
        if (sequence == null || sequence < 1 || sequence > MAX_SEQUENCE) {
            errors.add(new FieldError("sequence", "must be an integer from 1 to " + MAX_SEQUENCE
                    + " that increases with every push (epoch milliseconds work)"));
        }
        if (observedAt == null) {
            errors.add(new FieldError("observedAt", "must be an ISO-8601 time with offset, e.g. 2026-12-01T09:30:00+08:00"));
        } else if (observedAt.toInstant().isAfter(now.plus(clockTolerance))) {
            errors.add(new FieldError("observedAt", "lies in the future; check the queue system's clock"));
        }
        if (groups == null) {
            errors.add(new FieldError("groups", "must be a list of window groups (may be empty)"));
        } else if (groups.size() > MAX_GROUPS) {
            errors.add(new FieldError("groups", "must not list more than " + MAX_GROUPS + " groups"));
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < groups.size(); i++) {
                groupViolations(groups.get(i), "groups[" + i + "]", names, errors);
            }
        }
        return errors;
    }

    private static void groupViolations(GroupPush group, String path, Set<String> names, List<FieldError> errors) {
        if (group == null) {
            errors.add(new FieldError(path, "must be an object"));
            return;
        }
        if (group.group() == null || group.group().isBlank() || group.group().length() > MAX_GROUP_NAME) {
            errors.add(new FieldError(path + ".group", "must be a name of 1 to " + MAX_GROUP_NAME + " characters"));
        } else if (!names.add(group.group())) {
            errors.add(new FieldError(path + ".group", "appears twice; send each group once"));
        }
        if (group.waiting() == null || group.waiting() < 0 || group.waiting() > MAX_WAITING) {
            errors.add(new FieldError(path + ".waiting", "must be an integer from 0 to " + MAX_WAITING));
        }
        if (group.serving() == null || group.serving() < 0 || group.serving() > MAX_SERVING) {
            errors.add(new FieldError(path + ".serving", "must be an integer from 0 to " + MAX_SERVING));
        }
        Integer estimate = group.estimatedWaitMinutes();
        if (estimate != null && (estimate < 0 || estimate > EstimatedWait.MAX_MINUTES)) {
            errors.add(new FieldError(path + ".estimatedWaitMinutes",
                    "must be left out or an integer from 0 to " + EstimatedWait.MAX_MINUTES));
        }
    }

    /** The state to store, estimates filled in; call only once {@link #violations} is empty. */
    PushedState accept(String hallCode, Instant receivedAt, QueueProperties properties) {
        List<PushedState.Group> accepted = groups.stream()
                .map(group -> new PushedState.Group(group.group(), group.waiting(), group.serving(),
                        group.estimatedWaitMinutes() != null
                                ? group.estimatedWaitMinutes()
                                : EstimatedWait.minutes(group.waiting(), group.serving(),
                                        properties.serviceMinutes(group.group()))))
                .toList();
        return new PushedState(hallCode, sequence, observedAt, receivedAt, accepted);
    }
}
