DROP INDEX events_archived;
DROP INDEX contracts_archived;
DROP INDEX clients_archived;
DROP FUNCTION epicevents_apply_archive_privileges(TEXT);
ALTER TABLE events DROP COLUMN archived_along;
ALTER TABLE events DROP COLUMN archived_at;
ALTER TABLE contracts DROP COLUMN archived_along;
ALTER TABLE contracts DROP COLUMN archived_at;
ALTER TABLE clients DROP COLUMN archived_at;
