package cn.yuyue.booking.model;

import java.time.Instant;

/**
 * The identity and moment of the event a transition would make. The caller draws both (the id from
 * a seeded generator, the time from its clock) so that the aggregate stays free of either.
 */
public record EventStamp(String eventId, Instant at) {}
