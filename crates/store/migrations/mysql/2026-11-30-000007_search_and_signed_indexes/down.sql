DROP INDEX events_ends_at ON events;
CREATE INDEX events_contract_id ON events (contract_id);
DROP INDEX events_contract_starts_id ON events;
DROP INDEX contracts_due ON contracts;
CREATE INDEX contracts_client_id ON contracts (client_id);
DROP INDEX contracts_client_created_id ON contracts;
CREATE INDEX clients_sales_contact_id ON clients (sales_contact_id);
DROP INDEX clients_sales_sort_id ON clients;
DROP INDEX contracts_signed_created_id ON contracts;
