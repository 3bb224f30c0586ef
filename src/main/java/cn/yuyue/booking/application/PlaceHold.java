package cn.yuyue.booking.application;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.slot.HallDay;

/** What holding a new place for a reschedule decided ({@link HoldingNewPlace}). */
public sealed interface PlaceHold {

    /** The place is held as {@code place}, a PENDING booking tied to the old one by its reschedule key. */
    record Held(Booking place) implements PlaceHold {

        public HallDay hallDay() {
            return new HallDay(place.hallCode(), place.date());
        }
    }

    /** The slot has no place left; nothing is held. */
    record SlotFull() implements PlaceHold {}

    /** No open slot starts at that time; nothing is held. */
    record NoSuchSlot() implements PlaceHold {}

    /** The taxpayer holds a booking at that hall that day already (rule 2); nothing is held. */
    record TaxpayerBookedThere() implements PlaceHold {}
}
