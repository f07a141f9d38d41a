-- Search and sort compare folded text (no case, no accents), computed by the
-- application so that every backend finds and orders alike: "emile" finds
-- "Émile", and "Élodie" sorts before "Eve". Filled for existing rows by the
-- migration step that follows this file (see store::migrations).
ALTER TABLE clients ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- Compared byte by byte, as SQLite does, whatever the cluster's locale.
ALTER TABLE clients ADD COLUMN sort_key TEXT COLLATE "C" NOT NULL DEFAULT '';
DROP INDEX clients_name_id;
CREATE INDEX clients_sort_id ON clients (sort_key, id);
