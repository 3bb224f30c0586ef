-- A hall may propose a slot at another hall of the same city (rule 4, e.g. when it closes for a
-- day). The proposal names the hall of the new place; the old booking's hall stays in hall_code,
-- whose staff made the proposal and see it.
ALTER TABLE reschedule_proposals ADD COLUMN new_hall_code text REFERENCES halls (code);
UPDATE reschedule_proposals SET new_hall_code = hall_code;
ALTER TABLE reschedule_proposals ALTER COLUMN new_hall_code SET NOT NULL;
