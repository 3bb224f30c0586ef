-- The application connects as a role of its own (spring.r2dbc.username; named here by the
-- placeholder appRole, spring.flyway.placeholders.appRole) that owns nothing. Flyway connects as
-- the owner role (spring.flyway.user) and so creates, and owns, every table. In PostgreSQL only a
-- table's owner may ALTER, DROP or disable or drop its triggers, and TRUNCATE needs its own grant:
-- the application, or whoever takes its password, can then neither turn the audit log's
-- append-only trigger off nor remove the log; it only adds and reads entries.

-- Refuse rather than migrate into a set-up that looks separated and is not: these grants run once,
-- so an application role named wrongly now would never get its rights later.
DO $$
DECLARE
    app pg_roles%ROWTYPE;
BEGIN
    SELECT * INTO app FROM pg_roles WHERE rolname = '${appRole}';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'The application role "%" (spring.r2dbc.username) does not exist: create it with LOGIN and no other attribute before the first start', '${appRole}';
    END IF;
    IF app.rolsuper OR app.rolbypassrls OR app.rolcreaterole THEN
        RAISE EXCEPTION 'The application role "%" is a superuser or may bypass row security or create roles: it must be a plain LOGIN role', '${appRole}';
    END IF;
    -- True also when both are the same role.
    IF pg_has_role('${appRole}', current_user, 'MEMBER') THEN
        RAISE EXCEPTION 'The application role "%" is, or is a member of, the role Flyway migrates as ("%"): spring.r2dbc.username and spring.flyway.user must name two roles, the application''s not a member of the owner''s', '${appRole}', current_user;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA ${flyway:defaultSchema} TO ${appRole};

-- Rows only: reading and writing every table the features use. Functions need no grant: EXECUTE
-- is PUBLIC's by default, and trigger functions (the catalogue version, the audit guard) run with
-- the rights of whoever fired them, which these grants already cover (UPDATE catalogue_version).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} TO ${appRole};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${flyway:defaultSchema} TO ${appRole};

-- The audit log is written and read, never changed: its trigger refuses UPDATE and DELETE as well,
-- but only the missing privilege also holds against someone who could drop the trigger.
REVOKE UPDATE, DELETE ON audit_log FROM ${appRole};

-- Flyway's own record is the owner's: a changed checksum or a deleted row would re-run or skip a
-- migration at the next start.
REVOKE ALL ON ${flyway:table} FROM ${appRole};

-- Tables and sequences the owner creates in later migrations get the same row rights, so a new
-- feature's table works without a migration of grants; an append-only table revokes as above.
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema}
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${appRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA ${flyway:defaultSchema}
    GRANT USAGE, SELECT ON SEQUENCES TO ${appRole};
