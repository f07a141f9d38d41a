-- Payments on a contract, each with its date and who recorded it: the
-- amount due follows from them (the contract's due_cents is kept in the
-- same transaction as each one, so that lists and the unpaid filter read
-- one column). An adjustment is a change of the due amount typed by hand
-- (`contract update --due`): what it took off, negative when it raised it.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    contract_id INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents <> 0),
    paid_on DATETIME(6) NOT NULL,
    kind VARCHAR(16) NOT NULL CHECK (kind IN ('payment', 'adjustment')),
    author_id INTEGER,
    recorded_at DATETIME(6) NOT NULL,
    CONSTRAINT payments_contract FOREIGN KEY (contract_id)
        REFERENCES contracts (id) ON DELETE CASCADE,
    CONSTRAINT payments_author FOREIGN KEY (author_id)
        REFERENCES collaborators (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX payments_of_contract ON payments (contract_id, id);
