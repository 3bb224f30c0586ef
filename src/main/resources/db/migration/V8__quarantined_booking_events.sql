-- Booking events PostgreSQL refused for what they contain (a constraint they break), set aside
-- so the writer goes on with the events behind them. Nothing here is dropped: an operator reads
-- the reason, repairs the cause and applies the event again (docs/operations.md).
CREATE TABLE quarantined_booking_events (
    event_id       text        PRIMARY KEY,
    event_type     text        NOT NULL,
    booking_id     text        NOT NULL,
    hall_code      text        NOT NULL,
    day            date        NOT NULL,
    booking        text,
    reason         text        NOT NULL,
    quarantined_at timestamptz NOT NULL
);
