-- When a collaborator who left was deactivated (they cannot log in; their
-- name stays on the records and the trail): NULL while they work here.
ALTER TABLE collaborators ADD COLUMN deactivated_at TIMESTAMP;

-- Everyone reads whether an account is active (as they read its name);
-- management deactivates and reactivates. Applied by `init` after the
-- other grants.
CREATE FUNCTION epicevents_apply_deactivation_privileges(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    server TEXT := format('%I', prefix || '_server');
    sales TEXT := format('%I', prefix || '_sales');
    support TEXT := format('%I', prefix || '_support');
    management TEXT := format('%I', prefix || '_management');
    importer TEXT := format('%I', prefix || '_import');
BEGIN
    EXECUTE format('GRANT SELECT (deactivated_at) ON collaborators TO %s, %s, %s, %s, %s',
        server, sales, support, management, importer);
    EXECUTE format('GRANT UPDATE (deactivated_at) ON collaborators TO %s', management);
END
$fn$;
