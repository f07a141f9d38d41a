-- What each change did, field by field: a JSON array of
-- {"field", "old", "new"}, each value tagged with its kind (see
-- crates/domain/src/history.rs). NULL for entries that change no field
-- (logins, refusals, creations) and for entries written before.
ALTER TABLE audit_log ADD COLUMN changes TEXT;
-- Which kind of record the subject is (client, contract, event,
-- collaborator), for the changes made to one: NULL for logins and refusals.
ALTER TABLE audit_log ADD COLUMN record TEXT;
-- The changes written before: the action names the record, except an
-- import's, whose detail does.
UPDATE audit_log SET record = 'client' WHERE outcome = 'ok' AND action LIKE 'client.%';
UPDATE audit_log SET record = 'contract' WHERE outcome = 'ok' AND action LIKE 'contract.%';
UPDATE audit_log SET record = 'event'
    WHERE outcome = 'ok' AND action LIKE 'event.%' AND action <> 'event.import';
UPDATE audit_log SET record = 'collaborator' WHERE outcome = 'ok' AND action LIKE 'collaborator.%';
UPDATE audit_log SET record = 'event' WHERE action = 'event.import'
    AND (detail LIKE 'created event %' OR detail LIKE 'updated event %');
UPDATE audit_log SET record = 'client' WHERE action = 'event.import' AND detail LIKE 'created client %';
UPDATE audit_log SET record = 'contract' WHERE action = 'event.import' AND detail LIKE 'created contract %';
-- One record's history: its entries, in order.
CREATE INDEX audit_log_record ON audit_log (record, subject, id);

-- Reading a record's history: everyone reads the changes made to clients,
-- contracts and events (as they read the records); management reads the
-- whole trail. Applied by `init` after the other grants (which drop every
-- policy first); the trail stays insert-only for every role.
CREATE FUNCTION epicevents_apply_history_privileges(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    server TEXT := format('%I', prefix || '_server');
    sales TEXT := format('%I', prefix || '_sales');
    support TEXT := format('%I', prefix || '_support');
    management TEXT := format('%I', prefix || '_management');
    importer TEXT := format('%I', prefix || '_import');
BEGIN
    EXECUTE format('GRANT SELECT ON audit_log TO %s, %s', sales, support);
    ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
    EXECUTE format('CREATE POLICY everyone_writes ON audit_log FOR INSERT TO %s, %s, %s, %s, %s '
        'WITH CHECK (true)', server, sales, support, management, importer);
    EXECUTE format('CREATE POLICY management_reads ON audit_log FOR SELECT TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY records_read ON audit_log FOR SELECT TO %s, %s '
        'USING (outcome = ''ok'' AND record IN (''client'', ''contract'', ''event''))', sales, support);
END
$fn$;
