-- What `event import` needs: the support team's own numbers for events and
-- contracts (their sheet's "Event ID" and "Contract ID"), so that importing
-- the same sheet again finds what it created; and contracts whose amounts
-- nobody has given yet (created by an import), recorded as unknown rather
-- than as zero.
ALTER TABLE contracts ADD COLUMN external_ref TEXT;
ALTER TABLE contracts ADD COLUMN amounts_known BOOLEAN NOT NULL DEFAULT TRUE;
CREATE UNIQUE INDEX contracts_external_ref ON contracts (external_ref);
ALTER TABLE events ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX events_external_ref ON events (external_ref);

-- An import writes what no department writes by hand (clients for any
-- sales rep, events with their support contact), so it runs as a role of
-- its own, `<prefix>_import`, which the server assumes for management's
-- imports only. Its row-level security checks that the actor is a manager:
-- the role is no way around the policy for anyone else.
ALTER TABLE access_roles DROP CONSTRAINT access_roles_part_check;
ALTER TABLE access_roles ADD CONSTRAINT access_roles_part_check
    CHECK (part IN ('owner', 'server', 'sales', 'support', 'management', 'import'));

CREATE FUNCTION epicevents_importer() RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM collaborators c
                   WHERE c.id = epicevents_actor() AND c.department = 'management')
$$;

-- After an import of thousands of rows, the planner's statistics still
-- describe the tables before it (until autovacuum comes by): a second
-- import, or any list, then joins by scanning (11 s instead of 0.9 for a
-- 20,000-event sheet). Only the tables' owner may analyse them; the import
-- role runs this, as the owner.
CREATE FUNCTION epicevents_analyze_imported() RETURNS VOID
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    ANALYZE public.clients, public.contracts, public.events;
END
$$;

CREATE FUNCTION epicevents_create_import_role(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
BEGIN
    IF prefix !~ '^[a-z_][a-z0-9_]{0,40}$' THEN
        RAISE EXCEPTION 'role prefix % is not a lower-case identifier', prefix;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = prefix || '_import') THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', prefix || '_import');
    END IF;
    IF NOT pg_has_role(prefix || '_server', prefix || '_import', 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', prefix || '_import', prefix || '_server');
    END IF;
END
$fn$;

-- Applied after epicevents_apply_privileges (which drops every policy and
-- revokes the departments' grants): the import role's grants and policies,
-- and the new columns' grants for the departments.
CREATE FUNCTION epicevents_apply_import_privileges(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    importer TEXT := format('%I', prefix || '_import');
    sales TEXT := format('%I', prefix || '_sales');
    support TEXT := format('%I', prefix || '_support');
    management TEXT := format('%I', prefix || '_management');
    server TEXT := format('%I', prefix || '_server');
    t TEXT;
BEGIN
    DELETE FROM access_roles WHERE part = 'import';
    INSERT INTO access_roles (part, role_name) VALUES ('import', prefix || '_import');
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format('REVOKE ALL ON TABLE %I FROM %s', t, importer);
    END LOOP;
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_actor(), epicevents_importer(), '
        'epicevents_analyze_imported() TO %s', importer);
    EXECUTE format('GRANT SELECT ON clients, contracts, events TO %s', importer);
    EXECUTE format('GRANT SELECT (id, full_name, email, department, created_at, updated_at) '
        'ON collaborators TO %s', importer);
    EXECUTE format('GRANT INSERT ON audit_log TO %s', importer);
    EXECUTE format('GRANT INSERT (full_name, email, phone, company_name, sales_contact_id, created_at, '
        'updated_at, search_text, sort_key) ON clients TO %s', importer);
    EXECUTE format('GRANT INSERT (client_id, total_cents, due_cents, signed, created_at, updated_at, '
        'external_ref, amounts_known) ON contracts TO %s', importer);
    EXECUTE format('GRANT INSERT (contract_id, name, starts_at, ends_at, support_contact_id, location, '
        'attendees, notes, created_at, updated_at, search_text, external_ref) ON events TO %s', importer);
    EXECUTE format('GRANT UPDATE (name, starts_at, ends_at, support_contact_id, location, attendees, notes, '
        'updated_at, version, search_text, external_ref) ON events TO %s', importer);
    FOR t IN SELECT unnest(ARRAY['clients', 'contracts', 'events', 'collaborators']) LOOP
        EXECUTE format('CREATE POLICY import_reads ON %I FOR SELECT TO %s USING (true)', t, importer);
    END LOOP;
    FOR t IN SELECT unnest(ARRAY['clients', 'contracts', 'events']) LOOP
        EXECUTE format('CREATE POLICY import_writes ON %I FOR INSERT TO %s WITH CHECK (epicevents_importer())',
            t, importer);
    END LOOP;
    EXECUTE format('CREATE POLICY import_updates ON events FOR UPDATE TO %s '
        'USING (epicevents_importer()) WITH CHECK (epicevents_importer())', importer);
    -- Giving a contract's amounts makes them known. Rows typed by hand
    -- name the new columns too (with their defaults: known amounts, no
    -- sheet number), so the departments that insert them may write them.
    EXECUTE format('GRANT UPDATE (amounts_known) ON contracts TO %s, %s', sales, management);
    EXECUTE format('GRANT INSERT (amounts_known, external_ref) ON contracts TO %s', management);
    EXECUTE format('GRANT INSERT (external_ref) ON events TO %s', sales);
    -- A new row's id is read back with lastval() on every backend alike
    -- (MySQL has no RETURNING), which needs SELECT on the id's sequence:
    -- it reads the session's own last value, never draws one.
    EXECUTE format('GRANT SELECT ON ALL SEQUENCES IN SCHEMA %I TO %s, %s, %s, %s, %s',
        current_schema(), server, sales, support, management, importer);
END
$fn$;
