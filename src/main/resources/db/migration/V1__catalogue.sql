-- The catalogue: business types, halls, their schedules, the working-day calendar and closures.
-- Rows are seeded by the application (CatalogueLoader) with INSERT ... ON CONFLICT DO NOTHING,
-- not here: the roster is generated in code, and the operator's later edits must survive restarts.
-- Booking tables belong to V2 and later.

-- Data, not an enum: the province operator adds, renames and re-sorts business types.
CREATE TABLE business_types (
    code       text    PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
    name       text    NOT NULL CHECK (length(name) > 0),
    -- false: the business is outside 一窗通办, so the hall transfers the ticket internally.
    one_window boolean NOT NULL,
    sort_order int     NOT NULL
);

-- One row per 办税服务厅. The code is stable (bookings and queue systems refer to it):
-- 4-digit city prefix, 2-digit division index within the city, 2-digit hall number.
CREATE TABLE halls (
    code        text        PRIMARY KEY CHECK (code ~ '^[0-9]{8}$'),
    name        text        NOT NULL CHECK (length(name) > 0),
    city_code   text        NOT NULL CHECK (city_code ~ '^[0-9]{6}$'),
    city        text        NOT NULL,
    county      text        NOT NULL,
    county_kind text        NOT NULL
        CHECK (county_kind IN ('district', 'county', 'county-level city', 'development zone')),
    address     text        NOT NULL,
    phone       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The city filter of GET /halls.
CREATE INDEX halls_city_code ON halls (city_code);

-- Opening hours and capacity, kept apart from the hall's identity because hall admins edit them.
-- Dedicated windows live here only (not also on halls): capacity must have one source of truth.
CREATE TABLE hall_schedules (
    hall_code          text        PRIMARY KEY REFERENCES halls (code),
    morning_start      time        NOT NULL,
    morning_end        time        NOT NULL,
    afternoon_start    time        NOT NULL,
    afternoon_end      time        NOT NULL,
    slot_minutes       int         NOT NULL,
    dedicated_windows  int         NOT NULL CHECK (dedicated_windows BETWEEN 1 AND 50),
    places_per_window  int         NOT NULL CHECK (places_per_window BETWEEN 1 AND 50),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    -- Sessions are in order and do not overlap; the afternoon may follow the morning directly.
    CONSTRAINT sessions_in_order CHECK (
        morning_start < morning_end AND morning_end <= afternoon_start AND afternoon_start < afternoon_end),
    -- Slot lengths a queue system and a taxpayer can reason about; 60 divides any whole hour.
    CONSTRAINT slot_minutes_sane CHECK (slot_minutes IN (10, 15, 20, 30, 45, 60)),
    -- Each session holds at least one whole slot; a trailing partial slot is simply not offered.
    CONSTRAINT sessions_hold_a_slot CHECK (
        morning_end - morning_start >= make_interval(mins => slot_minutes)
        AND afternoon_end - afternoon_start >= make_interval(mins => slot_minutes))
);

-- Exceptions to "Monday to Friday": HOLIDAY closes a weekday, WORKDAY (调休) opens a weekend day.
-- Province-wide; a single hall's closed day is a hall_closures row instead.
CREATE TABLE calendar_days (
    day    date    PRIMARY KEY,
    kind   text    NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKDAY')),
    name   text    NOT NULL,
    -- true for the rows shipped below: they are examples, not the State Council's calendar.
    sample boolean NOT NULL
);

-- SAMPLE ENTRIES, NOT THE OFFICIAL CALENDAR. They exist so that a fresh installation and the
-- tests show holidays and adjusted working days at work. The operator replaces them with the
-- State Council's published arrangement (delete rows WHERE sample, insert the official ones).
INSERT INTO calendar_days (day, kind, name, sample) VALUES
    ('2026-12-26', 'WORKDAY', '元旦调休上班(示例)', true),
    ('2026-12-31', 'HOLIDAY', '元旦(示例)', true),
    ('2027-01-01', 'HOLIDAY', '元旦(示例)', true),
    ('2027-02-04', 'HOLIDAY', '春节(示例)', true),
    ('2027-02-05', 'HOLIDAY', '春节(示例)', true),
    ('2027-02-08', 'HOLIDAY', '春节(示例)', true),
    ('2027-02-09', 'HOLIDAY', '春节(示例)', true),
    ('2027-02-10', 'HOLIDAY', '春节(示例)', true),
    ('2027-02-11', 'HOLIDAY', '春节(示例)', true),
    ('2027-02-20', 'WORKDAY', '春节调休上班(示例)', true);

-- A hall admin closes one hall for a whole day (slot_start NULL) or for one slot, with a reason
-- that is shown to taxpayers and kept for the audit.
CREATE TABLE hall_closures (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hall_code  text        NOT NULL REFERENCES halls (code),
    day        date        NOT NULL,
    slot_start time,
    reason     text        NOT NULL CHECK (length(reason) > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- NULLS NOT DISTINCT (PostgreSQL 15+): a hall cannot be closed twice for the whole day either.
    CONSTRAINT hall_closures_once UNIQUE NULLS NOT DISTINCT (hall_code, day, slot_start)
);
