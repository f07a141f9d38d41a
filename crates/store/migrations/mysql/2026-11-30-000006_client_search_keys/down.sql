CREATE INDEX clients_name_id ON clients (full_name, id);
DROP INDEX clients_sort_id ON clients;
ALTER TABLE clients DROP COLUMN sort_key;
ALTER TABLE clients DROP COLUMN search_text;
