package cn.yuyue.admin.checkin;

import java.time.Duration;

import cn.yuyue.booking.model.Booking;
import cn.yuyue.booking.model.TransitionRefused;

/** What a check-in at the desk came to; {@link CheckInController} words each answer. */
public sealed interface CheckInResult {

    /** Checked in; {@code booking} is as it stands now. */
    record CheckedIn(Booking booking) implements CheckInResult {}

    /**
     * No booking of this number and name here today. A prober would learn from these, so each is
     * audited and counted against the staff account under its {@link #code()}.
     */
    sealed interface Unmatched extends CheckInResult {

        /** The appointment number as typed, normalised (A001). */
        String appointmentNo();

        /** The name of this refusal in the audit log and in the answer. */
        String code();
    }

    /** Neither here today, nor elsewhere under that name within a week. */
    record NotFound(String appointmentNo) implements Unmatched {
        @Override
        public String code() {
            return "APPOINTMENT_NOT_FOUND";
        }
    }

    /** Booked under that name at another hall; which one is not said. */
    record AtAnotherHall(String appointmentNo) implements Unmatched {
        @Override
        public String code() {
            return "WRONG_HALL";
        }
    }

    /** Booked under that name at this hall on another day; which one is not said. */
    record OnAnotherDay(String appointmentNo) implements Unmatched {
        @Override
        public String code() {
            return "WRONG_DAY";
        }
    }

    /** The number is booked here today, for another name. */
    record NameMismatch(String appointmentNo) implements Unmatched {
        @Override
        public String code() {
            return "NAME_MISMATCH";
        }
    }

    /** Too many refusals of this staff account lately; the reason of this one is not told. */
    record TooManyRefusals(Duration retryAfter) implements CheckInResult {}

    /** The booking matched but refused the check-in (already in, too early, too late, not active). */
    record Refused(Booking booking, TransitionRefused why) implements CheckInResult {}

    /** The check-in was not recorded in time; nothing changed and the desk may try again. */
    record NotRecorded() implements CheckInResult {}
}
