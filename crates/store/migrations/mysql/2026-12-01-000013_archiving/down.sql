DROP INDEX events_archived ON events;
DROP INDEX contracts_archived ON contracts;
DROP INDEX clients_archived ON clients;
ALTER TABLE events DROP COLUMN archived_along;
ALTER TABLE events DROP COLUMN archived_at;
ALTER TABLE contracts DROP COLUMN archived_along;
ALTER TABLE contracts DROP COLUMN archived_at;
ALTER TABLE clients DROP COLUMN archived_at;
