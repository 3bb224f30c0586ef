package cn.yuyue.booking.model;

/**
 * What the aggregate decided about a command: the fact to record, or why not. Nothing changes until
 * the caller has made the fact durable.
 *
 * @param <T> the event (or events) an allowed command makes
 */
public sealed interface Decision<T> {

    record Allowed<T>(T event) implements Decision<T> {}

    record Refused<T>(TransitionRefused why) implements Decision<T> {}
}
