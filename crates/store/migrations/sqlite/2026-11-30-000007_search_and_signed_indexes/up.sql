-- A trigram index over the clients' folded search text, so that a search
-- reads the few matching rows instead of every client. It holds no copy of
-- the text (external content); triggers keep it in step with the table.
CREATE VIRTUAL TABLE clients_search USING fts5(
    search_text, content = 'clients', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER clients_search_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER clients_search_delete AFTER DELETE ON clients BEGIN
    INSERT INTO clients_search (clients_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER clients_search_update AFTER UPDATE OF search_text ON clients BEGIN
    INSERT INTO clients_search (clients_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO clients_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO clients_search (clients_search) VALUES ('rebuild');

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
