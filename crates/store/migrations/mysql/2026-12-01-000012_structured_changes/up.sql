-- What each change did, field by field: a JSON array of
-- {"field", "old", "new"}, each value tagged with its kind (see
-- crates/domain/src/history.rs). NULL for entries that change no field
-- (logins, refusals, creations) and for entries written before.
ALTER TABLE audit_log ADD COLUMN changes TEXT;
-- Which kind of record the subject is (client, contract, event,
-- collaborator), for the changes made to one: NULL for logins and refusals.
ALTER TABLE audit_log ADD COLUMN record VARCHAR(16);
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
