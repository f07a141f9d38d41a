-- A trigram index over the clients' folded search text, so that a search
-- (`search_text LIKE '%term%'`) reads the few matching rows instead of every
-- client. pg_trgm is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX clients_search_trgm ON clients USING gin (search_text gin_trgm_ops);

-- `contract list --unsigned`, newest first, read in order from an index
-- instead of filtering the whole table's.
CREATE INDEX contracts_signed_created_id ON contracts (signed, created_at, id);
-- Each filter's rows read in the list's order from one index, so neither a
-- first page nor its count sorts or scans a whole table (tests/plans.rs).
DROP INDEX clients_sales_contact_id;
CREATE INDEX clients_sales_sort_id ON clients (sales_contact_id, sort_key, id);
DROP INDEX contracts_client_id;
CREATE INDEX contracts_client_created_id ON contracts (client_id, created_at, id);
CREATE INDEX contracts_due ON contracts (due_cents);
DROP INDEX events_contract_id;
CREATE INDEX events_contract_starts_id ON events (contract_id, starts_at, id);
CREATE INDEX events_ends_at ON events (ends_at);
