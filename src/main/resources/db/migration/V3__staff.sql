-- Hall operations: staff accounts, the append-only audit log, no-shows counted per booker,
-- unlocks, and rescheduling proposals. Bookings themselves still change only through events.

-- Staff who sign in at /api/v1/admin/sessions. A province operator sees every hall; hall admins
-- and guides see only their hall_code.
CREATE TABLE staff_accounts (
    username             text        PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    role                 text        NOT NULL CHECK (role IN ('PROVINCE_OPERATOR', 'HALL_ADMIN', 'HALL_GUIDE')),
    hall_code            text        REFERENCES halls (code),
    -- Spring Security's DelegatingPasswordEncoder format: {bcrypt}$2a$... so the algorithm can change.
    password_hash        text        NOT NULL,
    -- Generated initial passwords are known to whoever read them: the owner must choose their own.
    must_change_password boolean     NOT NULL,
    created_at           timestamptz NOT NULL,
    password_changed_at  timestamptz,
    CONSTRAINT staff_hall_matches_role CHECK ((role = 'PROVINCE_OPERATOR') = (hall_code IS NULL))
);

CREATE INDEX staff_accounts_hall ON staff_accounts (hall_code);

-- Every staff action, in order. Personal data in details is masked before it gets here.
CREATE TABLE audit_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    actor_role  text        NOT NULL,
    action      text        NOT NULL,
    hall_code   text,
    booking_id  text,
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX audit_log_hall ON audit_log (hall_code, at DESC);
CREATE INDEX audit_log_booking ON audit_log (booking_id) WHERE booking_id IS NOT NULL;

-- Append-only: the database itself refuses to change or remove an entry.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- Rule 6: each no-show of a booker, once (the booking id is the key). Written by the no-show sweep
-- after the NO_SHOW transition, so the count does not wait for the booking event writer.
CREATE TABLE booker_no_shows (
    booking_id  text        PRIMARY KEY,
    phone       text        NOT NULL,
    hall_code   text        NOT NULL,
    day         date        NOT NULL,
    recorded_at timestamptz NOT NULL
);

CREATE INDEX booker_no_shows_phone ON booker_no_shows (phone, recorded_at);

-- An unlock ends a lock early; the row stays, so the no-shows before it are not counted again.
ALTER TABLE booker_locks
    ADD COLUMN unlocked_at timestamptz,
    ADD COLUMN unlocked_by text;

-- Rule 4: a hall proposes a new time; the taxpayer accepts or declines. The new place is held in
-- the live inventory under new_booking_id until then.
CREATE TABLE reschedule_proposals (
    booking_id     text        PRIMARY KEY,
    hall_code      text        NOT NULL REFERENCES halls (code),
    new_booking_id text        NOT NULL UNIQUE,
    new_day        date        NOT NULL,
    new_start      time        NOT NULL,
    new_end        time        NOT NULL,
    reason         text        NOT NULL CHECK (length(reason) > 0),
    deadline       timestamptz NOT NULL,
    status         text        NOT NULL CHECK (status IN ('PROPOSED', 'ACCEPTED', 'DECLINED', 'EXPIRED')),
    proposed_by    text        NOT NULL,
    created_at     timestamptz NOT NULL,
    decided_at     timestamptz
);

CREATE INDEX reschedule_proposals_open ON reschedule_proposals (deadline) WHERE status = 'PROPOSED';
