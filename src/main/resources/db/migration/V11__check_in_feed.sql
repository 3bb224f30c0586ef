-- The check-ins each hall's queue system pulls (GET /api/v1/queue-systems/halls/{code}/check-ins),
-- so that checked-in taxpayers get priority tickets at the dedicated windows (预约办税专窗).
--
-- Written by the booking event consumer in the same statement that turns a booking CHECKED_IN, so
-- an entry exists exactly when the durable booking is checked in: a replayed event finds the
-- booking CHECKED_IN already and adds nothing, whichever instance replays it.

-- The last position handed out per hall. A writer takes the hall's row lock to count on, and holds
-- it until its transaction commits, so one hall's positions become visible in order: a reader who
-- sees position n never later finds an n-1 appearing behind its cursor.
CREATE TABLE check_in_positions (
    hall_code     text   PRIMARY KEY REFERENCES halls (code),
    last_position bigint NOT NULL CHECK (last_position > 0)
);

CREATE TABLE check_in_feed (
    hall_code       text        NOT NULL REFERENCES halls (code),
    -- 1, 2, 3, ... per hall: the cursor a queue system continues from.
    position        bigint      NOT NULL CHECK (position > 0),
    -- Never sent to a queue system; it keeps a booking in the feed once.
    booking_id      text        NOT NULL UNIQUE REFERENCES bookings (id),
    day             date        NOT NULL,
    slot_start      time        NOT NULL,
    slot_end        time        NOT NULL,
    appointment_seq bigint      NOT NULL,
    business_types  text[]      NOT NULL,
    checked_in_at   timestamptz NOT NULL,
    PRIMARY KEY (hall_code, position)
);
