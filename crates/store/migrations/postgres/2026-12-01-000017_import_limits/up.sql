-- An import changes only what its importer could change with single
-- commands (issue 22): support re-imports its own events' details through
-- its own role, and the import role, which management's imports act as,
-- creates the sheet's new records and hands events over, but no longer
-- rewrites an event's details. Applied by `init` after the other grants.
CREATE FUNCTION epicevents_apply_import_limits(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    importer TEXT := format('%I', prefix || '_import');
    support TEXT := format('%I', prefix || '_support');
BEGIN
    EXECUTE format('REVOKE UPDATE ON events FROM %s', importer);
    EXECUTE format('GRANT UPDATE (support_contact_id, updated_at, version) ON events TO %s', importer);
    -- The sheet's number for an event is one of its details.
    EXECUTE format('GRANT UPDATE (external_ref) ON events TO %s', support);
END
$fn$;
