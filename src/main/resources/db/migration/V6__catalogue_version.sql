-- Each instance answers from its own in-memory copy of the catalogue (HallCatalogue). This one
-- number tells an instance whether its copy is current: it goes up in the same transaction as
-- every change to a table a hall's plan is made of, whoever makes it (the admin API, the
-- operator's SQL for the calendar, the seed), so a reader that sees version N sees every change
-- up to N. An UPDATE of one row, not a sequence: the row lock orders the changes, so versions
-- increase in commit order and a copy can never skip a change that committed later with a lower
-- number.
CREATE TABLE catalogue_version (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version  bigint  NOT NULL
);

INSERT INTO catalogue_version (only_row, version) VALUES (true, 1);

CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalogue_version SET version = version + 1;
    RETURN NULL;
END
$$;

-- Per row, not per statement: the seed's INSERT ... ON CONFLICT DO NOTHING at every start then
-- changes nothing and makes no instance reload.
CREATE TRIGGER halls_version AFTER INSERT OR UPDATE OR DELETE ON halls
    FOR EACH ROW EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER hall_schedules_version AFTER INSERT OR UPDATE OR DELETE ON hall_schedules
    FOR EACH ROW EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER business_types_version AFTER INSERT OR UPDATE OR DELETE ON business_types
    FOR EACH ROW EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER calendar_days_version AFTER INSERT OR UPDATE OR DELETE ON calendar_days
    FOR EACH ROW EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER hall_closures_version AFTER INSERT OR UPDATE OR DELETE ON hall_closures
    FOR EACH ROW EXECUTE FUNCTION bump_catalogue_version();

CREATE TRIGGER halls_version_truncate AFTER TRUNCATE ON halls
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER hall_schedules_version_truncate AFTER TRUNCATE ON hall_schedules
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER business_types_version_truncate AFTER TRUNCATE ON business_types
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER calendar_days_version_truncate AFTER TRUNCATE ON calendar_days
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
CREATE TRIGGER hall_closures_version_truncate AFTER TRUNCATE ON hall_closures
    FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version();
