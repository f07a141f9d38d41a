CREATE INDEX events_support_contact_id ON events (support_contact_id);
CREATE INDEX events_starts_at ON events (starts_at);
DROP INDEX events_support_starts_id ON events;
DROP INDEX events_starts_id ON events;
DROP INDEX contracts_created_id ON contracts;
DROP INDEX clients_name_id ON clients;
