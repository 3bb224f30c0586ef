package cn.yuyue.booking.application;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.TransitionRefused;

/** What a transition use case did; the edge that asked words the answer. */
public sealed interface Transition {

    /** The event is durable; {@code booking} is as it stands now. */
    record Done(Booking booking) implements Transition {}

    /** The booking refused; nothing changed. */
    record Refused(TransitionRefused why) implements Transition {}

    /** The event was not acknowledged in time; nothing changed that the caller must undo. */
    record NotRecorded() implements Transition {}

    /** The place held for a reschedule is gone (its hall-day lost its memory); nothing changed. */
    record HeldPlaceGone() implements Transition {}
}
