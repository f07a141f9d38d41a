-- The brief's records. RESTRICT: a collaborator who owns clients or runs
-- events cannot vanish.
CREATE TABLE clients (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    full_name VARCHAR(100) NOT NULL,
    email VARCHAR(254) NOT NULL,
    phone VARCHAR(32) NOT NULL,
    company_name VARCHAR(200) NOT NULL,
    sales_contact_id INTEGER,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT clients_sales_contact FOREIGN KEY (sales_contact_id)
        REFERENCES collaborators (id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX clients_sales_contact_id ON clients (sales_contact_id);

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    client_id INTEGER NOT NULL,
    total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
    due_cents BIGINT NOT NULL CHECK (due_cents >= 0),
    signed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT contracts_due_within_total CHECK (due_cents <= total_cents),
    CONSTRAINT contracts_client FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX contracts_client_id ON contracts (client_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    contract_id INTEGER NOT NULL,
    name VARCHAR(200) NOT NULL,
    starts_at DATETIME(6) NOT NULL,
    ends_at DATETIME(6) NOT NULL,
    support_contact_id INTEGER,
    location VARCHAR(300) NOT NULL,
    attendees INTEGER NOT NULL CHECK (attendees >= 0),
    notes TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT events_end_after_start CHECK (ends_at > starts_at),
    CONSTRAINT events_contract FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE RESTRICT,
    CONSTRAINT events_support_contact FOREIGN KEY (support_contact_id)
        REFERENCES collaborators (id) ON DELETE RESTRICT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX events_contract_id ON events (contract_id);
CREATE INDEX events_support_contact_id ON events (support_contact_id);
CREATE INDEX events_starts_at ON events (starts_at);
