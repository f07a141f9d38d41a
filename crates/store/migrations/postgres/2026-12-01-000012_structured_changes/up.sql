-- What each change did, field by field: a JSON array of
-- {"field", "old", "new"}, each value tagged with its kind (see
-- crates/domain/src/history.rs). NULL for entries that change no field
-- (logins, refusals, creations) and for entries written before.
ALTER TABLE audit_log ADD COLUMN changes TEXT;
-- One record's history: its entries by subject, in order.
CREATE INDEX audit_log_subject ON audit_log (subject, id);
