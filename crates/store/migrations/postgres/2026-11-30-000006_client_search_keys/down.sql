DROP INDEX clients_sort_id;
CREATE INDEX clients_name_id ON clients (full_name, id);
ALTER TABLE clients DROP COLUMN sort_key;
ALTER TABLE clients DROP COLUMN search_text;
