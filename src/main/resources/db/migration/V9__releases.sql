-- Releases an operator adds (deadline days): the moment a day's places open behind a waiting
-- room. The daily release of the newest day is computed from the booking window, not stored.
CREATE TABLE releases (
    id           text        PRIMARY KEY,
    release_date date        NOT NULL,
    opens_at     timestamptz NOT NULL,
    closes_at    timestamptz NOT NULL,
    reason       text        NOT NULL,
    added_by     text        NOT NULL,
    added_at     timestamptz NOT NULL,
    CONSTRAINT releases_close_after_opening CHECK (closes_at > opens_at)
);

CREATE INDEX releases_by_close ON releases (closes_at);
