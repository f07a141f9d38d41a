-- What `event import` needs: the support team's own numbers for events and
-- contracts, and contracts whose amounts are unknown (see the other backends).
ALTER TABLE contracts ADD COLUMN external_ref VARCHAR(64);
ALTER TABLE contracts ADD COLUMN amounts_known BOOLEAN NOT NULL DEFAULT TRUE;
CREATE UNIQUE INDEX contracts_external_ref ON contracts (external_ref);
ALTER TABLE events ADD COLUMN external_ref VARCHAR(64);
CREATE UNIQUE INDEX events_external_ref ON events (external_ref);
