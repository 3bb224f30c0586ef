-- Bookings: the durable record, written only by the booking event consumer (Kafka -> here),
-- so every change arrives as an event first. Rows are keyed by the global booking id, which
-- makes replaying events harmless.
CREATE TABLE bookings (
    id                  text        PRIMARY KEY,
    hall_code           text        NOT NULL REFERENCES halls (code),
    day                 date        NOT NULL,
    slot_start          time        NOT NULL,
    slot_end            time        NOT NULL,
    appointment_seq     bigint      NOT NULL CHECK (appointment_seq > 0),
    status              text        NOT NULL CHECK (status IN ('PENDING', 'BOOKED', 'CHECKED_IN',
                                        'RESCHEDULE_PROPOSED', 'CANCELLED', 'NO_SHOW', 'WITHDRAWN_BY_HALL', 'COMPLETED')),
    taxpayer_id         text        NOT NULL,
    taxpayer_name       text        NOT NULL,
    phone               text        NOT NULL,
    business_types      text[]      NOT NULL,
    channel             text        NOT NULL CHECK (channel IN ('ONLINE', 'MOBILE', 'PHONE', 'WALK_IN')),
    idempotency_key     text,
    request_fingerprint text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

-- Appointment numbers are unique per hall and day (rule 8).
CREATE UNIQUE INDEX bookings_appointment_no ON bookings (hall_code, day, appointment_seq);
-- Rebuilding a hall-day's inventory and the guide's desk list read by hall and day.
CREATE INDEX bookings_hall_day ON bookings (hall_code, day, status);
-- "My bookings" of a verified phone, newest first.
CREATE INDEX bookings_phone ON bookings (phone, created_at DESC);
-- Rule 2 (one active booking per taxpayer per hall and day) is enforced by the atomic claim;
-- this index only serves look-ups. A unique index here could make the consumer refuse an event
-- that the claim already confirmed, which must never happen.
CREATE INDEX bookings_taxpayer ON bookings (taxpayer_id, day);

-- Rule 6: bookers locked out after their third no-show, province-wide, for 90 days.
CREATE TABLE booker_locks (
    phone        text        PRIMARY KEY,
    locked_at    timestamptz NOT NULL,
    locked_until timestamptz NOT NULL,
    reason       text        NOT NULL
);
