DROP FUNCTION epicevents_apply_import_privileges(TEXT);
DROP FUNCTION epicevents_create_import_role(TEXT);
DROP FUNCTION epicevents_importer();
DROP FUNCTION epicevents_analyze_imported();
DELETE FROM access_roles WHERE part = 'import';
ALTER TABLE access_roles DROP CONSTRAINT access_roles_part_check;
ALTER TABLE access_roles ADD CONSTRAINT access_roles_part_check
    CHECK (part IN ('owner', 'server', 'sales', 'support', 'management'));
DROP INDEX events_external_ref;
ALTER TABLE events DROP COLUMN external_ref;
DROP INDEX contracts_external_ref;
ALTER TABLE contracts DROP COLUMN amounts_known;
ALTER TABLE contracts DROP COLUMN external_ref;
