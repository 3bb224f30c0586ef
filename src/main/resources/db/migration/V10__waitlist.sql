-- The waitlist: agents wait in line for full slots of one hall-day; a freed place books the first
-- entry in line for its slot. This table is the durable record of the entries; the live line in
-- Redis is rebuilt from its WAITING rows. seq is the joining order (commit order of the inserts).
CREATE TABLE waitlist_entries (
    id               text        PRIMARY KEY,
    seq              bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    hall_code        text        NOT NULL REFERENCES halls (code),
    day              date        NOT NULL,
    starts           text[]      NOT NULL CHECK (cardinality(starts) > 0),
    taxpayer_id      text        NOT NULL,
    taxpayer_name    text        NOT NULL,
    phone            text        NOT NULL,
    business_types   text[]      NOT NULL,
    channel          text        NOT NULL CHECK (channel IN ('ONLINE', 'MOBILE')),
    idempotency_key  text        NOT NULL,
    request_fingerprint text     NOT NULL,
    state            text        NOT NULL CHECK (state IN ('WAITING', 'BOOKED', 'EXPIRED', 'LEFT')),
    booking_id       text,
    reason           text,
    joined_at        timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

-- One Idempotency-Key per phone: the same key again answers the same entry.
CREATE UNIQUE INDEX waitlist_entries_key ON waitlist_entries (phone, idempotency_key);
-- One waiting entry per taxpayer per hall and day (like rule 2 for bookings).
CREATE UNIQUE INDEX waitlist_entries_taxpayer ON waitlist_entries (hall_code, day, taxpayer_id)
    WHERE state = 'WAITING';
-- The phone's entries, newest first, and its count of active ones (the cap).
CREATE INDEX waitlist_entries_phone ON waitlist_entries (phone, joined_at DESC);
-- The lines to serve and rebuild: the waiting entries of a hall-day, in joining order.
CREATE INDEX waitlist_entries_waiting ON waitlist_entries (hall_code, day, seq) WHERE state = 'WAITING';
