-- When a record was archived (out of the default lists, kept whole):
-- NULL while it is live.
ALTER TABLE clients ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE contracts ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE events ADD COLUMN archived_at TIMESTAMP;
-- Archived with its client (a contract) or its contract (an event), not
-- on its own: restoring the one brings back these, and only these.
ALTER TABLE contracts ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE events ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
-- The lists show live records: each list's index carries `archived_at`
-- last, so that a page still walks it in order and a count still reads
-- it alone, judging each row from the index. (SQLite's planner, given a
-- separate index on `archived_at`, reads pages through it and sorts them.)
DROP INDEX clients_sort_id;
CREATE INDEX clients_sort_id ON clients (sort_key, id, archived_at);
DROP INDEX clients_sales_sort_id;
CREATE INDEX clients_sales_sort_id ON clients (sales_contact_id, sort_key, id, archived_at);
DROP INDEX contracts_created_id;
CREATE INDEX contracts_created_id ON contracts (created_at, id, archived_at);
DROP INDEX contracts_signed_created_id;
CREATE INDEX contracts_signed_created_id ON contracts (signed, created_at, id, archived_at);
DROP INDEX contracts_client_created_id;
CREATE INDEX contracts_client_created_id ON contracts (client_id, created_at, id, archived_at);
DROP INDEX events_starts_id;
CREATE INDEX events_starts_id ON events (starts_at, id, archived_at);
DROP INDEX events_support_starts_id;
CREATE INDEX events_support_starts_id ON events (support_contact_id, starts_at, id, archived_at);
DROP INDEX events_contract_starts_id;
CREATE INDEX events_contract_starts_id ON events (contract_id, starts_at, id, archived_at);
