-- Search and sort compare folded text, computed by the application (see the
-- other backends); the table's byte-wise collation orders it as they do.
ALTER TABLE clients ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN sort_key VARCHAR(255) NOT NULL DEFAULT '';
CREATE INDEX clients_sort_id ON clients (sort_key, id);
DROP INDEX clients_name_id ON clients;
