-- Payments on a contract, each with its date and who recorded it: the
-- amount due follows from them (the contract's due_cents is kept in the
-- same transaction as each one, so that lists and the unpaid filter read
-- one column). An adjustment is a change of the due amount typed by hand
-- (`contract update --due`): what it took off, negative when it raised it.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    amount_cents BIGINT NOT NULL CHECK (amount_cents <> 0),
    paid_on TIMESTAMP NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'adjustment')),
    author_id INTEGER REFERENCES collaborators (id) ON DELETE SET NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX payments_of_contract ON payments (contract_id, id);
