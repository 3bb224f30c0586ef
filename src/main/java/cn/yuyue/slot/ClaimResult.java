package cn.yuyue.slot;

/** What a claim decided. Every outcome is a value; only technical faults are errors. */
public sealed interface ClaimResult {

    /** The place is held for this new booking (PENDING until its event is durable). */
    record Claimed(String bookingId, long appointmentSeq) implements ClaimResult {}

    /** The same Idempotency-Key and body came before: this is that booking. */
    record Replayed(String bookingId) implements ClaimResult {}

    /** The Idempotency-Key was used before with a different body. */
    record KeyReused() implements ClaimResult {}

    /** The taxpayer already holds an active booking at this hall that day. */
    record Duplicate(String existingBookingId) implements ClaimResult {}

    /** No place left in the slot. */
    record Full() implements ClaimResult {}

    /** The slot does not exist that day (outside the sessions, or closed). */
    record NoSuchSlot() implements ClaimResult {}
}
