-- Least privilege inside PostgreSQL: the roles `init` creates, and the
-- grants and row-level security that mirror the policy table cell by cell
-- (crates/domain/src/policy.rs). Role names carry an installation's prefix,
-- so they are never written here: the functions below take the prefix as a
-- bound value and quote every name with format('%I').

-- Which role plays which part in this installation.
CREATE TABLE access_roles (
    part TEXT PRIMARY KEY CHECK (part IN ('owner', 'server', 'sales', 'support', 'management')),
    role_name TEXT NOT NULL UNIQUE
);

-- The collaborator a request acts for, set by the server for the request's
-- transaction only (set_config(..., true)); none outside a request.
CREATE FUNCTION epicevents_actor() RETURNS INTEGER
LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('epicevents.actor_id', true), '')::integer
$$;

-- Before anyone is authenticated, the server reaches credentials only
-- through these functions: one session by its token's hash (never the hash
-- itself), and one account's password hash by e-mail, for the check a login
-- makes. No role may SELECT either column.
CREATE FUNCTION epicevents_session(token TEXT)
RETURNS TABLE (id INTEGER, collaborator_id INTEGER, created_at TIMESTAMP, expires_at TIMESTAMP, last_used_at TIMESTAMP)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT s.id, s.collaborator_id, s.created_at, s.expires_at, s.last_used_at
    FROM public.sessions s WHERE s.token_hash = token
$$;

CREATE FUNCTION epicevents_revoke_session(token TEXT) RETURNS BOOLEAN
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    WITH gone AS (DELETE FROM public.sessions WHERE token_hash = token RETURNING 1)
    SELECT count(*) > 0 FROM gone
$$;

CREATE FUNCTION epicevents_credentials(address TEXT)
RETURNS TABLE (id INTEGER, email TEXT, password_hash TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT c.id, c.email, c.password_hash FROM public.collaborators c WHERE c.email = address
$$;

-- A collaborator's own hash (to check the current password before a
-- change), or anyone's for the server before a request has an actor.
CREATE FUNCTION epicevents_credentials_of(account INTEGER)
RETURNS TABLE (id INTEGER, email TEXT, password_hash TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT c.id, c.email, c.password_hash FROM public.collaborators c
    WHERE c.id = account AND (public.epicevents_actor() IS NULL OR public.epicevents_actor() = account)
$$;

-- Creates the installation's roles that do not exist yet: the owner of the
-- schema, the server's login role (NOINHERIT: it holds nothing until a
-- request sets one department role), and one role per department. Returns
-- whether the login role was created now (its password is set only then).
-- `administrator` (and whoever runs this) may act as the owner, to migrate.
CREATE FUNCTION epicevents_create_roles(prefix TEXT, server_password TEXT, administrator TEXT DEFAULT NULL)
RETURNS BOOLEAN
LANGUAGE plpgsql AS $fn$
DECLARE
    part TEXT;
    created BOOLEAN := false;
BEGIN
    IF prefix !~ '^[a-z_][a-z0-9_]{0,40}$' THEN
        RAISE EXCEPTION 'role prefix % is not a lower-case identifier', prefix;
    END IF;
    FOREACH part IN ARRAY ARRAY['owner', 'sales', 'support', 'management'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = prefix || '_' || part) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', prefix || '_' || part);
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = prefix || '_server') THEN
        IF server_password IS NULL THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT', prefix || '_server');
        ELSE
            EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT PASSWORD %L', prefix || '_server', server_password);
        END IF;
        created := true;
    END IF;
    IF NOT pg_has_role(prefix || '_server', prefix || '_management', 'MEMBER') THEN
        EXECUTE format('GRANT %I, %I, %I TO %I', prefix || '_sales', prefix || '_support',
                       prefix || '_management', prefix || '_server');
    END IF;
    -- So that `init` (run by an administrator) can migrate as the owner.
    IF NOT pg_has_role(current_user, prefix || '_owner', 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', prefix || '_owner', current_user);
    END IF;
    IF administrator IS NOT NULL AND NOT pg_has_role(administrator, prefix || '_owner', 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', prefix || '_owner', administrator);
    END IF;
    RETURN created;
END
$fn$;

-- Gives the schema to the owner role and applies the grants and policies.
-- Idempotent: what it grants is revoked first, its policies replaced.
CREATE FUNCTION epicevents_apply_privileges(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    owner_role TEXT := prefix || '_owner';
    server TEXT := format('%I', prefix || '_server');
    sales TEXT := format('%I', prefix || '_sales');
    support TEXT := format('%I', prefix || '_support');
    management TEXT := format('%I', prefix || '_management');
    everyone TEXT := format('%s, %s, %s', sales, support, management);
    t TEXT;
    f TEXT;
    pol RECORD;
BEGIN
    DELETE FROM access_roles;
    INSERT INTO access_roles (part, role_name) VALUES
        ('owner', prefix || '_owner'), ('server', prefix || '_server'),
        ('sales', prefix || '_sales'), ('support', prefix || '_support'),
        ('management', prefix || '_management');

    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format('ALTER TABLE %I OWNER TO %I', t, owner_role);
        EXECUTE format('REVOKE ALL ON TABLE %I FROM PUBLIC, %s, %s', t, server, everyone);
    END LOOP;
    FOR f IN SELECT fn.oid::regprocedure::text FROM pg_proc fn
             WHERE fn.pronamespace = current_schema()::regnamespace AND fn.proname LIKE 'epicevents\_%' LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', f, owner_role);
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    FOR pol IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP POLICY %I ON %I', pol.policyname, pol.tablename);
    END LOOP;

    -- The server's own needs before a request has an actor: the schema
    -- check, sessions (never their hashes), password-check budgets, and
    -- the audit trail's refusals and failed logins.
    EXECUTE format('GRANT SELECT ON __diesel_schema_migrations, access_roles TO %s', server);
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_actor(), epicevents_session(text), '
        'epicevents_revoke_session(text), epicevents_credentials(text), epicevents_credentials_of(integer) TO %s', server);
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_actor(), epicevents_credentials_of(integer) TO %s', everyone);
    EXECUTE format('GRANT SELECT (id, collaborator_id, created_at, expires_at, last_used_at), '
        'INSERT (collaborator_id, token_hash, created_at, expires_at, last_used_at), '
        'UPDATE (last_used_at), DELETE ON sessions TO %s', server);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON login_attempts TO %s', server);
    EXECUTE format('GRANT INSERT ON audit_log TO %s, %s', server, everyone);

    -- Everyone reads clients, contracts, events and collaborators' accounts,
    -- never a password hash.
    EXECUTE format('GRANT SELECT ON clients, contracts, events TO %s', everyone);
    EXECUTE format('GRANT SELECT (id, full_name, email, department, created_at, updated_at) '
        'ON collaborators TO %s, %s', server, everyone);
    EXECUTE format('GRANT SELECT ON audit_log TO %s', management);

    -- Sales: their own clients (not the sales contact column), their own
    -- clients' contracts (amounts and signature), events on those contracts.
    EXECUTE format('GRANT INSERT (full_name, email, phone, company_name, sales_contact_id, created_at, '
        'updated_at, search_text, sort_key) ON clients TO %s', sales);
    EXECUTE format('GRANT UPDATE (full_name, email, phone, company_name, updated_at, version, search_text, '
        'sort_key) ON clients TO %s', sales);
    EXECUTE format('GRANT UPDATE (total_cents, due_cents, signed, updated_at, version) ON contracts TO %s', sales);
    -- (`search_text`, the folded name and location that event search reads,
    -- comes with migration 9; grants are applied after every migration.)
    EXECUTE format('GRANT INSERT (contract_id, name, starts_at, ends_at, support_contact_id, location, '
        'attendees, notes, created_at, updated_at, search_text) ON events TO %s', sales);
    -- Support: their own events, not the contract or the support contact.
    EXECUTE format('GRANT UPDATE (name, starts_at, ends_at, location, attendees, notes, updated_at, version, '
        'search_text) ON events TO %s', support);
    -- Management: contracts; clients' sales contact and events' support
    -- contact columns only; collaborators' accounts.
    EXECUTE format('GRANT INSERT (client_id, total_cents, due_cents, signed, created_at, updated_at), '
        'UPDATE (total_cents, due_cents, signed, updated_at, version) ON contracts TO %s', management);
    EXECUTE format('GRANT UPDATE (sales_contact_id, updated_at, version) ON clients TO %s', management);
    EXECUTE format('GRANT UPDATE (support_contact_id, updated_at, version) ON events TO %s', management);
    EXECUTE format('GRANT INSERT (full_name, email, department, password_hash, created_at, updated_at), '
        'UPDATE (full_name, email, department, password_hash, updated_at), DELETE ON collaborators TO %s', management);
    -- Unlocking (management), or one's own password change, forgets
    -- failed password checks.
    EXECUTE format('GRANT SELECT (subject, source, attempts), DELETE ON login_attempts TO %s', everyone);
    -- Everyone changes their own password, which ends their other sessions.
    EXECUTE format('GRANT UPDATE (password_hash, updated_at) ON collaborators TO %s, %s', sales, support);
    EXECUTE format('GRANT SELECT (id, collaborator_id), DELETE ON sessions TO %s', everyone);

    -- Rows: whose record it is, as the policy table's "own" says.
    FOR t IN SELECT unnest(ARRAY['clients', 'contracts', 'events', 'collaborators', 'sessions', 'login_attempts']) LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    END LOOP;
    FOR t IN SELECT unnest(ARRAY['clients', 'contracts', 'events', 'collaborators']) LOOP
        EXECUTE format('CREATE POLICY everyone_reads ON %I FOR SELECT TO %s, %s USING (true)', t, server, everyone);
    END LOOP;
    EXECUTE format('CREATE POLICY sales_create ON clients FOR INSERT TO %s '
        'WITH CHECK (sales_contact_id = epicevents_actor())', sales);
    EXECUTE format('CREATE POLICY sales_keep ON clients FOR UPDATE TO %s '
        'USING (sales_contact_id = epicevents_actor()) WITH CHECK (sales_contact_id = epicevents_actor())', sales);
    EXECUTE format('CREATE POLICY management_reassign ON clients FOR UPDATE TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY sales_keep ON contracts FOR UPDATE TO %s USING (EXISTS ('
        'SELECT 1 FROM clients c WHERE c.id = contracts.client_id AND c.sales_contact_id = epicevents_actor()))', sales);
    EXECUTE format('CREATE POLICY management_draws_up ON contracts FOR INSERT TO %s WITH CHECK (true)', management);
    EXECUTE format('CREATE POLICY management_keep ON contracts FOR UPDATE TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY sales_create ON events FOR INSERT TO %s WITH CHECK ('
        'support_contact_id IS NULL AND EXISTS (SELECT 1 FROM contracts k JOIN clients c ON c.id = k.client_id '
        'WHERE k.id = events.contract_id AND k.signed AND c.sales_contact_id = epicevents_actor()))', sales);
    EXECUTE format('CREATE POLICY support_run ON events FOR UPDATE TO %s '
        'USING (support_contact_id = epicevents_actor()) WITH CHECK (support_contact_id = epicevents_actor())', support);
    EXECUTE format('CREATE POLICY management_assign ON events FOR UPDATE TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY own_password ON collaborators FOR UPDATE TO %s, %s '
        'USING (id = epicevents_actor()) WITH CHECK (id = epicevents_actor())', sales, support);
    EXECUTE format('CREATE POLICY management_create ON collaborators FOR INSERT TO %s WITH CHECK (true)', management);
    EXECUTE format('CREATE POLICY management_update ON collaborators FOR UPDATE TO %s USING (true)', management);
    -- Nobody deletes their own account.
    EXECUTE format('CREATE POLICY management_delete ON collaborators FOR DELETE TO %s '
        'USING (id <> epicevents_actor())', management);
    EXECUTE format('CREATE POLICY server_sessions ON sessions FOR ALL TO %s USING (true) WITH CHECK (true)', server);
    EXECUTE format('CREATE POLICY own_sessions ON sessions FOR ALL TO %s, %s '
        'USING (collaborator_id = epicevents_actor())', sales, support);
    EXECUTE format('CREATE POLICY management_sessions ON sessions FOR ALL TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY server_budgets ON login_attempts FOR ALL TO %s USING (true) WITH CHECK (true)', server);
    EXECUTE format('CREATE POLICY management_unlock ON login_attempts FOR ALL TO %s USING (true)', management);
    EXECUTE format('CREATE POLICY own_failures ON login_attempts FOR ALL TO %s, %s USING ('
        'subject = (SELECT lower(c.email) FROM collaborators c WHERE c.id = epicevents_actor()))', sales, support);
END
$fn$;
