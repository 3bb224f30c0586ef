package cn.yuyue.booking.application;

import cn.yuyue.slot.HallDay;

/**
 * What the event log decided for an abandoned claim: it {@code stands} (its confirmation came
 * first, the booking exists) or it is void (the place goes back).
 */
public record ClaimFate(HallDay hallDay, String bookingId, boolean stands) {}
