package cn.yuyue.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cn.yuyue.platform.web.CommonProblems;
import cn.yuyue.platform.web.FieldErrors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

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
    record GroupPush(String group, Integer waiting, Integer serving, Integer estimatedWaitMinutes) {}

    /**
     * The body as sent, or the 400 VALIDATION_FAILED naming {@code body} when it is missing or is not
     * JSON of this shape; the fields themselves are checked by {@link #accept}.
     */
    static StatePush read(byte[] body, JsonMapper json) {
        if (body.length == 0) {
            throw CommonProblems.validationFailed("body", "is required: {sequence, observedAt, groups}");
        }
        StatePush parsed;
        try {
            parsed = json.readValue(body, StatePush.class);
        } catch (JacksonException e) {
            throw CommonProblems.validationFailed("body", "is not valid JSON of the expected shape");
        }
        if (parsed == null) {
            throw CommonProblems.validationFailed("body", "must be a JSON object");
        }
        return parsed;
    }

    /** Every rule the body breaks, collected so that one 400 names them all. */
    FieldErrors violations(Instant now, Duration clockTolerance) {
        FieldErrors errors = new FieldErrors();
        errors.check(
                sequence != null && sequence >= 1 && sequence <= MAX_SEQUENCE,
                "sequence",
                "must be an integer from 1 to " + MAX_SEQUENCE
                        + " that increases with every push (epoch milliseconds work)");
        if (errors.check(
                observedAt != null,
                "observedAt",
                "must be an ISO-8601 time with offset, e.g. 2026-12-01T09:30:00+08:00")) {
            errors.check(
                    !observedAt.toInstant().isAfter(now.plus(clockTolerance)),
                    "observedAt",
                    "lies in the future; check the queue system's clock");
        }
        if (errors.check(groups != null, "groups", "must be a list of window groups (may be empty)")
                && errors.check(
                        groups.size() <= MAX_GROUPS, "groups", "must not list more than " + MAX_GROUPS + " groups")) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < groups.size(); i++) {
                groupViolations(groups.get(i), "groups[" + i + "]", names, errors);
            }
        }
        return errors;
    }

    private static void groupViolations(GroupPush group, String path, Set<String> names, FieldErrors errors) {
        if (!errors.check(group != null, path, "must be an object")) {
            return;
        }
        if (errors.check(
                group.group() != null
                        && !group.group().isBlank()
                        && group.group().length() <= MAX_GROUP_NAME,
                path + ".group",
                "must be a name of 1 to " + MAX_GROUP_NAME + " characters")) {
            errors.check(names.add(group.group()), path + ".group", "appears twice; send each group once");
        }
        errors.check(
                group.waiting() != null && group.waiting() >= 0 && group.waiting() <= MAX_WAITING,
                path + ".waiting",
                "must be an integer from 0 to " + MAX_WAITING);
        errors.check(
                group.serving() != null && group.serving() >= 0 && group.serving() <= MAX_SERVING,
                path + ".serving",
                "must be an integer from 0 to " + MAX_SERVING);
        Integer estimate = group.estimatedWaitMinutes();
        errors.check(
                estimate == null || (estimate >= 0 && estimate <= EstimatedWait.MAX_MINUTES),
                path + ".estimatedWaitMinutes",
                "must be left out or an integer from 0 to " + EstimatedWait.MAX_MINUTES);
    }

    /**
     * The state to store, estimates filled in; the 400 VALIDATION_FAILED naming every bad field
     * instead when the body breaks a rule. Times up to the signature window ahead of
     * {@code receivedAt} pass, as the hall's clock is not ours.
     */
    PushedState accept(String hallCode, Instant receivedAt, QueueProperties properties) {
        violations(receivedAt, properties.signatureWindow()).orThrow();
        List<PushedState.Group> accepted = groups.stream()
                .map(group -> new PushedState.Group(
                        group.group(),
                        group.waiting(),
                        group.serving(),
                        group.estimatedWaitMinutes() != null
                                ? group.estimatedWaitMinutes()
                                : EstimatedWait.minutes(
                                        group.waiting(), group.serving(), properties.serviceMinutes(group.group()))))
                .toList();
        return new PushedState(hallCode, sequence, observedAt, receivedAt, accepted);
    }
}
