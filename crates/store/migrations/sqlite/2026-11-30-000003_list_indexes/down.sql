CREATE INDEX events_support_contact_id ON events (support_contact_id);
CREATE INDEX events_starts_at ON events (starts_at);
DROP INDEX events_support_starts_id;
DROP INDEX events_starts_id;
DROP INDEX contracts_created_id;
DROP INDEX clients_name_id;
