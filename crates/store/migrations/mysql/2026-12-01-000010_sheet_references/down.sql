DROP INDEX events_external_ref ON events;
ALTER TABLE events DROP COLUMN external_ref;
DROP INDEX contracts_external_ref ON contracts;
ALTER TABLE contracts DROP COLUMN amounts_known;
ALTER TABLE contracts DROP COLUMN external_ref;
