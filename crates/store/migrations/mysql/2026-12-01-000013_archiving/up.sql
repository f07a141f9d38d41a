-- When a record was archived (out of the default lists, kept whole):
-- NULL while it is live.
ALTER TABLE clients ADD COLUMN archived_at DATETIME(6);
ALTER TABLE contracts ADD COLUMN archived_at DATETIME(6);
ALTER TABLE events ADD COLUMN archived_at DATETIME(6);
-- Archived with its client (a contract) or its contract (an event), not
-- on its own: restoring the one brings back these, and only these.
ALTER TABLE contracts ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE events ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
