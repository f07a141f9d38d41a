-- The privileges function as migration grants_from_one_table wrote it:
-- without sales' corrections of events, and without payments.
DROP TABLE payments;

CREATE OR REPLACE FUNCTION epicevents_apply_privileges(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    owner_role TEXT := prefix || '_owner';
    server TEXT := format('%I', prefix || '_server');
    sales TEXT := format('%I', prefix || '_sales');
    support TEXT := format('%I', prefix || '_support');
    management TEXT := format('%I', prefix || '_management');
    importer TEXT := format('%I', prefix || '_import');
    everyone TEXT := format('%s, %s, %s', sales, support, management);
    writers TEXT := format('%s, %s', everyone, importer);
    t TEXT;
    f TEXT;
    pol RECORD;
BEGIN
    IF prefix !~ '^[a-z_][a-z0-9_]{0,40}$' THEN
        RAISE EXCEPTION 'role prefix % is not a lower-case identifier', prefix;
    END IF;
    DELETE FROM access_roles;
    INSERT INTO access_roles (part, role_name) VALUES
        ('owner', prefix || '_owner'), ('server', prefix || '_server'),
        ('sales', prefix || '_sales'), ('support', prefix || '_support'),
        ('management', prefix || '_management'), ('import', prefix || '_import');

    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format('ALTER TABLE %I OWNER TO %I', t, owner_role);
        EXECUTE format('REVOKE ALL ON TABLE %I FROM PUBLIC, %s, %s', t, server, writers);
    END LOOP;
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM PUBLIC, %s, %s',
        current_schema(), server, writers);
    FOR f IN SELECT fn.oid::regprocedure::text FROM pg_proc fn
             WHERE fn.pronamespace = current_schema()::regnamespace AND fn.proname LIKE 'epicevents\_%' LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', f, owner_role);
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC, %s, %s', f, server, writers);
    END LOOP;
    FOR pol IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP POLICY %I ON %I', pol.policyname, pol.tablename);
    END LOOP;

    -- Functions. The server finds a session by its token's hash, ends one,
    -- checks a password (the only way to a hash), and reads an ended
    -- session's trace; a request's roles read their actor and whether an
    -- account is in a department; the import role checks its actor is a
    -- manager and refreshes the planner's statistics after it.
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_actor(), epicevents_session(text), '
        'epicevents_revoke_session(text), epicevents_ended_session(text), '
        'epicevents_password_check(text, text, timestamp, timestamp, integer) TO %s', server);
    -- (Defined by migration 20, which follows; this runs after every one.)
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_session_actor(text) TO %s', server);
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_actor(), epicevents_is_in(integer, text) TO %s', writers);
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_importer(), epicevents_analyze_imported() TO %s', importer);
    -- A new row's id is read back with lastval() on every backend alike
    -- (MySQL has no RETURNING), which needs SELECT on the id's sequence:
    -- it reads the session's own last value, never draws one.
    EXECUTE format('GRANT SELECT ON ALL SEQUENCES IN SCHEMA %I TO %s, %s', current_schema(), server, writers);

    -- Rows: whose record it is, as the policy table's "own" says.
    FOR t IN SELECT unnest(ARRAY['clients', 'contracts', 'events', 'collaborators', 'sessions',
                                 'login_attempts', 'audit_log', 'notifications']) LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    END LOOP;
    FOR t IN SELECT unnest(ARRAY['clients', 'contracts', 'events', 'collaborators']) LOOP
        EXECUTE format('CREATE POLICY everyone_reads ON %I FOR SELECT TO %s, %s USING (true)', t, server, everyone);
        EXECUTE format('CREATE POLICY import_reads ON %I FOR SELECT TO %s USING (true)', t, importer);
    END LOOP;

    -- Clients: a sales rep creates their own, and keeps them while they
    -- are live; management hands them to someone in sales.
    EXECUTE format('CREATE POLICY sales_create ON clients FOR INSERT TO %s '
        'WITH CHECK (sales_contact_id = epicevents_actor() AND epicevents_is_in(sales_contact_id, ''sales''))',
        sales);
    EXECUTE format('CREATE POLICY sales_keep ON clients FOR UPDATE TO %s '
        'USING (sales_contact_id = epicevents_actor() AND archived_at IS NULL) '
        'WITH CHECK (sales_contact_id = epicevents_actor())', sales);
    EXECUTE format('CREATE POLICY management_reassign ON clients FOR UPDATE TO %s USING (true) '
        'WITH CHECK (sales_contact_id IS NULL OR epicevents_is_in(sales_contact_id, ''sales''))', management);
    EXECUTE format('CREATE POLICY import_writes ON clients FOR INSERT TO %s WITH CHECK (epicevents_importer() '
        'AND (sales_contact_id IS NULL OR epicevents_is_in(sales_contact_id, ''sales'')))', importer);

    -- Contracts: management draws them up and keeps them; a sales rep
    -- keeps their own clients' live ones.
    EXECUTE format('CREATE POLICY sales_keep ON contracts FOR UPDATE TO %s '
        'USING (archived_at IS NULL AND EXISTS (SELECT 1 FROM clients c '
        'WHERE c.id = contracts.client_id AND c.sales_contact_id = epicevents_actor())) '
        'WITH CHECK (EXISTS (SELECT 1 FROM clients c '
        'WHERE c.id = contracts.client_id AND c.sales_contact_id = epicevents_actor()))', sales);
    EXECUTE format('CREATE POLICY management_draws_up ON contracts FOR INSERT TO %s WITH CHECK (true)', management);
    EXECUTE format('CREATE POLICY management_keep ON contracts FOR UPDATE TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY import_writes ON contracts FOR INSERT TO %s WITH CHECK (epicevents_importer())',
        importer);

    -- Events: a sales rep creates them on their own clients' signed
    -- contracts; support runs their own; management assigns someone in
    -- support; the import creates and hands over.
    EXECUTE format('CREATE POLICY sales_create ON events FOR INSERT TO %s WITH CHECK ('
        'support_contact_id IS NULL AND EXISTS (SELECT 1 FROM contracts k JOIN clients c ON c.id = k.client_id '
        'WHERE k.id = events.contract_id AND k.signed AND c.sales_contact_id = epicevents_actor()))', sales);
    EXECUTE format('CREATE POLICY support_run ON events FOR UPDATE TO %s '
        'USING (support_contact_id = epicevents_actor()) WITH CHECK (support_contact_id = epicevents_actor())', support);
    EXECUTE format('CREATE POLICY management_assign ON events FOR UPDATE TO %s USING (true) '
        'WITH CHECK (support_contact_id IS NULL OR epicevents_is_in(support_contact_id, ''support''))',
        management);
    EXECUTE format('CREATE POLICY import_writes ON events FOR INSERT TO %s WITH CHECK (epicevents_importer() '
        'AND (support_contact_id IS NULL OR epicevents_is_in(support_contact_id, ''support'')))', importer);
    EXECUTE format('CREATE POLICY import_updates ON events FOR UPDATE TO %s USING (epicevents_importer()) '
        'WITH CHECK (epicevents_importer() '
        'AND (support_contact_id IS NULL OR epicevents_is_in(support_contact_id, ''support'')))', importer);

    -- Accounts: one's own password; management's the rest, but nobody
    -- deletes their own account.
    EXECUTE format('CREATE POLICY own_password ON collaborators FOR UPDATE TO %s, %s '
        'USING (id = epicevents_actor()) WITH CHECK (id = epicevents_actor())', sales, support);
    EXECUTE format('CREATE POLICY management_create ON collaborators FOR INSERT TO %s WITH CHECK (true)', management);
    EXECUTE format('CREATE POLICY management_update ON collaborators FOR UPDATE TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY management_delete ON collaborators FOR DELETE TO %s '
        'USING (id <> epicevents_actor())', management);

    -- Sessions and password-check budgets: the server's; one's own for
    -- sales and support; anyone's for management.
    EXECUTE format('CREATE POLICY server_sessions ON sessions FOR ALL TO %s USING (true) WITH CHECK (true)', server);
    EXECUTE format('CREATE POLICY own_sessions ON sessions FOR ALL TO %s, %s '
        'USING (collaborator_id = epicevents_actor())', sales, support);
    EXECUTE format('CREATE POLICY management_sessions ON sessions FOR ALL TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY server_budgets ON login_attempts FOR ALL TO %s USING (true) WITH CHECK (true)', server);
    EXECUTE format('CREATE POLICY management_unlock ON login_attempts FOR ALL TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY own_failures ON login_attempts FOR ALL TO %s, %s USING ('
        'subject = (SELECT lower(c.email) FROM collaborators c WHERE c.id = epicevents_actor()))', sales, support);

    -- The trail: written in the acting collaborator's name only; the
    -- server, acting for nobody, writes what happens before or without an
    -- actor. Management reads all of it; sales and support the changes
    -- made to clients, contracts and events.
    EXECUTE format('CREATE POLICY authors_write ON audit_log FOR INSERT TO %s '
        'WITH CHECK (actor_id = epicevents_actor())', writers);
    EXECUTE format('CREATE POLICY server_writes ON audit_log FOR INSERT TO %s '
        'WITH CHECK (record IS NULL AND changes IS NULL '
        'AND (outcome <> ''ok'' OR action IN (''session.login'', ''session.logout'')))', server);
    EXECUTE format('CREATE POLICY management_reads ON audit_log FOR SELECT TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY records_read ON audit_log FOR SELECT TO %s, %s '
        'USING (outcome = ''ok'' AND record IN (''client'', ''contract'', ''event''))', sales, support);

    -- Notifications: whoever changes a record notifies; each reads and
    -- marks read their own.
    EXECUTE format('CREATE POLICY everyone_notifies ON notifications FOR INSERT TO %s WITH CHECK (true)', writers);
    EXECUTE format('CREATE POLICY own_inbox ON notifications FOR SELECT TO %s '
        'USING (recipient_id = epicevents_actor())', everyone);
    EXECUTE format('CREATE POLICY own_read ON notifications FOR UPDATE TO %s '
        'USING (recipient_id = epicevents_actor()) WITH CHECK (recipient_id = epicevents_actor())', everyone);
END
$fn$;
