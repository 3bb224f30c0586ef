-- The live inventory kept in PostgreSQL alone, for yuyue.inventory.store=postgres: the baseline
-- the benchmarks compare the Redis inventory against, and a choice for small deployments.
-- Same semantics as the Redis keys of one hall-day (see RedisSlotInventory / InventoryKeys).

-- One row per built hall-day; its presence means "built", highest_seq feeds appointment numbers.
CREATE TABLE inventory_days (
    hall_code   text        NOT NULL,
    day         date        NOT NULL,
    built_at    timestamptz NOT NULL,
    highest_seq bigint      NOT NULL,
    PRIMARY KEY (hall_code, day)
);

-- Places per slot; a claim is a conditional UPDATE on one of these rows.
CREATE TABLE inventory_slots (
    hall_code  text NOT NULL,
    day        date NOT NULL,
    slot_start time NOT NULL,
    capacity   int  NOT NULL CHECK (capacity >= 0),
    remaining  int  NOT NULL CHECK (remaining >= 0),
    PRIMARY KEY (hall_code, day, slot_start)
);

-- The bookings holding (or having held) a place, with the record the inventory serves reads from.
CREATE TABLE inventory_holds (
    booking_id      text        PRIMARY KEY,
    hall_code       text        NOT NULL,
    day             date        NOT NULL,
    slot_start      time        NOT NULL,
    taxpayer_id     text        NOT NULL,
    idempotency_key text,
    fingerprint     text,
    status          text        NOT NULL,
    appointment_seq bigint      NOT NULL,
    claimed_at      timestamptz NOT NULL,
    record          text        NOT NULL
);

-- The same key twice in a hall-day is a replay or a reuse, never a second hold.
CREATE UNIQUE INDEX inventory_holds_key ON inventory_holds (hall_code, day, idempotency_key);
-- Rule 2: one active booking per taxpayer per hall and day.
CREATE UNIQUE INDEX inventory_holds_taxpayer ON inventory_holds (hall_code, day, taxpayer_id)
    WHERE status IN ('PENDING', 'BOOKED', 'CHECKED_IN', 'RESCHEDULE_PROPOSED');
