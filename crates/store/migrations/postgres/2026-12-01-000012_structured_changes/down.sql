DROP FUNCTION epicevents_apply_history_privileges(TEXT);
DROP INDEX audit_log_record;
ALTER TABLE audit_log DROP COLUMN record;
ALTER TABLE audit_log DROP COLUMN changes;
