-- When a record was archived (out of the default lists, kept whole):
-- NULL while it is live.
ALTER TABLE clients ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE contracts ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE events ADD COLUMN archived_at TIMESTAMP;
-- Archived with its client (a contract) or its contract (an event), not
-- on its own: restoring the one brings back these, and only these.
ALTER TABLE contracts ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE events ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
