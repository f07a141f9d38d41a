-- When a record was archived (out of the default lists, kept whole):
-- NULL while it is live.
ALTER TABLE clients ADD COLUMN archived_at DATETIME(6);
ALTER TABLE contracts ADD COLUMN archived_at DATETIME(6);
ALTER TABLE events ADD COLUMN archived_at DATETIME(6);
-- Archived with its client (a contract) or its contract (an event), not
-- on its own: restoring the one brings back these, and only these.
ALTER TABLE contracts ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE events ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
-- The lists count live rows (a footer's total): through these, not by a
-- scan of the table.
CREATE INDEX clients_archived ON clients (archived_at);
CREATE INDEX contracts_archived ON contracts (archived_at);
CREATE INDEX events_archived ON events (archived_at);
