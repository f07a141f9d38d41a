DROP FUNCTION epicevents_apply_deactivation_privileges(TEXT);
ALTER TABLE collaborators DROP COLUMN deactivated_at;
