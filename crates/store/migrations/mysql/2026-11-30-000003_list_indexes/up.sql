-- Each list's first page is read in its sort order straight from an index
-- (see the other backends' migration). The new indexes come first: MySQL
-- keeps an index a foreign key needs until another one can serve it.
CREATE INDEX clients_name_id ON clients (full_name, id);
CREATE INDEX contracts_created_id ON contracts (created_at, id);
CREATE INDEX events_starts_id ON events (starts_at, id);
CREATE INDEX events_support_starts_id ON events (support_contact_id, starts_at, id);
DROP INDEX events_starts_at ON events;
DROP INDEX events_support_contact_id ON events;
