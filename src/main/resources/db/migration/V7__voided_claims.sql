-- Claims the booking event log decided against: a BookingClaimAbandoned marker came before any
-- BookingConfirmed of the same booking in the hall's partition. The void is final: the writer
-- ignores a confirmation of a voided claim, so a place given back is never also a booking.
CREATE TABLE voided_claims (
    booking_id text        PRIMARY KEY,
    hall_code  text        NOT NULL,
    day        date        NOT NULL,
    voided_at  timestamptz NOT NULL
);
