DROP INDEX audit_log_subject ON audit_log;
ALTER TABLE audit_log DROP COLUMN changes;
