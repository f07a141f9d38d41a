-- When a record was archived (out of the default lists, kept whole):
-- NULL while it is live.
ALTER TABLE clients ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE contracts ADD COLUMN archived_at TIMESTAMP;
ALTER TABLE events ADD COLUMN archived_at TIMESTAMP;
-- Archived with its client (a contract) or its contract (an event), not
-- on its own: restoring the one brings back these, and only these.
ALTER TABLE contracts ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE events ADD COLUMN archived_along BOOLEAN NOT NULL DEFAULT FALSE;
-- The lists count live rows (a footer's total): through these, not by a
-- scan of the table.
CREATE INDEX clients_archived ON clients (archived_at);
CREATE INDEX contracts_archived ON contracts (archived_at);
CREATE INDEX events_archived ON events (archived_at);

-- Archiving: management archives and restores anything; sales archive
-- their own clients and contracts and restore nothing. An archived record
-- is read-only to sales: their update policies see live rows only, and
-- check only that the row stays theirs, so that setting `archived_at` is
-- allowed and clearing it is not. Applied by `init` after the other grants
-- (which drop every policy first).
CREATE FUNCTION epicevents_apply_archive_privileges(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    sales TEXT := format('%I', prefix || '_sales');
    management TEXT := format('%I', prefix || '_management');
BEGIN
    EXECUTE format('GRANT UPDATE (archived_at) ON clients TO %s, %s', sales, management);
    EXECUTE format('GRANT UPDATE (archived_at, archived_along) ON contracts TO %s, %s', sales, management);
    EXECUTE format('GRANT UPDATE (archived_at, archived_along) ON events TO %s', management);
    DROP POLICY sales_keep ON clients;
    EXECUTE format('CREATE POLICY sales_keep ON clients FOR UPDATE TO %s '
        'USING (sales_contact_id = epicevents_actor() AND archived_at IS NULL) '
        'WITH CHECK (sales_contact_id = epicevents_actor())', sales);
    DROP POLICY sales_keep ON contracts;
    EXECUTE format('CREATE POLICY sales_keep ON contracts FOR UPDATE TO %s '
        'USING (archived_at IS NULL AND EXISTS (SELECT 1 FROM clients c '
        'WHERE c.id = contracts.client_id AND c.sales_contact_id = epicevents_actor())) '
        'WITH CHECK (EXISTS (SELECT 1 FROM clients c '
        'WHERE c.id = contracts.client_id AND c.sales_contact_id = epicevents_actor()))', sales);
END
$fn$;
