-- What `event import` needs: the support team's own numbers for events and
-- contracts (their sheet's "Event ID" and "Contract ID"), so that importing
-- the same sheet again finds what it created; and contracts whose amounts
-- nobody has given yet (created by an import), recorded as unknown rather
-- than as zero.
ALTER TABLE contracts ADD COLUMN external_ref TEXT;
ALTER TABLE contracts ADD COLUMN amounts_known BOOLEAN NOT NULL DEFAULT TRUE;
CREATE UNIQUE INDEX contracts_external_ref ON contracts (external_ref);
ALTER TABLE events ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX events_external_ref ON events (external_ref);
