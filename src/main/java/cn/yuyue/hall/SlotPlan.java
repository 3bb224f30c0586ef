package cn.yuyue.hall;

import java.time.LocalTime;

/**
 * One bookable slot of a hall's day as planned by its schedule, before any booking.
 *
 * @param capacity places in the slot (dedicated windows x places per window); remaining places
 *                 are the slot inventory's business, not the catalogue's
 */
public record SlotPlan(LocalTime start, LocalTime end, int capacity) {}
