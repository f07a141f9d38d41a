-- MariaDB's full-text indexes match whole words, not the substrings a
-- client search finds on the other backends, so search here reads
-- `search_text LIKE '%term%'` without an index: the same results, by a scan.

-- `contract list --unsigned`, newest first, read in order from an index.
CREATE INDEX contracts_signed_created_id ON contracts (signed, created_at, id);
-- Each filter's rows read in the list's order from one index (new ones
-- first: a foreign key keeps its index until another can serve it).
CREATE INDEX clients_sales_sort_id ON clients (sales_contact_id, sort_key, id);
DROP INDEX clients_sales_contact_id ON clients;
CREATE INDEX contracts_client_created_id ON contracts (client_id, created_at, id);
DROP INDEX contracts_client_id ON contracts;
CREATE INDEX contracts_due ON contracts (due_cents);
CREATE INDEX events_contract_starts_id ON events (contract_id, starts_at, id);
DROP INDEX events_contract_id ON events;
CREATE INDEX events_ends_at ON events (ends_at);
