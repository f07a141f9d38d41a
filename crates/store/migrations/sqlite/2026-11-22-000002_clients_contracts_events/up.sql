-- The brief's records. They land with the foundation so that deleting a
-- collaborator can already check what they are still responsible for.
-- RESTRICT: a collaborator who owns clients or runs events cannot vanish.
CREATE TABLE clients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    full_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    company_name TEXT NOT NULL,
    sales_contact_id INTEGER REFERENCES collaborators (id) ON DELETE RESTRICT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX clients_sales_contact_id ON clients (sales_contact_id);

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
    due_cents BIGINT NOT NULL CHECK (due_cents >= 0 AND due_cents <= total_cents),
    signed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX contracts_client_id ON contracts (client_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE RESTRICT,
    name TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL CHECK (ends_at > starts_at),
    support_contact_id INTEGER REFERENCES collaborators (id) ON DELETE RESTRICT,
    location TEXT NOT NULL,
    attendees INTEGER NOT NULL CHECK (attendees >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX events_contract_id ON events (contract_id);
CREATE INDEX events_support_contact_id ON events (support_contact_id);
CREATE INDEX events_starts_at ON events (starts_at);
