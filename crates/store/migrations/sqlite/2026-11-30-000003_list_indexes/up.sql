-- Each list's first page is read in its sort order straight from an index,
-- instead of sorting every matching row: clients by name, contracts newest
-- first, events by start (all of them, or one support contact's, or the
-- unassigned ones). The id breaks ties, so pages never overlap.
CREATE INDEX clients_name_id ON clients (full_name, id);
CREATE INDEX contracts_created_id ON contracts (created_at, id);
CREATE INDEX events_starts_id ON events (starts_at, id);
CREATE INDEX events_support_starts_id ON events (support_contact_id, starts_at, id);
-- Both are prefixes of the new ones.
DROP INDEX events_starts_at;
DROP INDEX events_support_contact_id;
