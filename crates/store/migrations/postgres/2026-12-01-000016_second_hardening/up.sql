-- What a second probe of the database's own wall found (issue 22), closed
-- in the database as in the application. Applied by `init` after the
-- other grants (which drop every policy first).
--
-- 1. The trail's author is the acting collaborator: a department role (or
--    the import role) writes entries in its actor's name only. The login
--    role, which acts for nobody, writes only what happens before or
--    without an actor (logins, logouts, refusals and failures), never a
--    change to a record.
-- 2. A client's sales contact is someone in sales, and an event's support
--    contact someone in support, whoever writes the row.
-- 3. A password hash is had only by a password check: for one address,
--    in the transaction that spends that check from the address's budget,
--    once per transaction, and never in a savepoint (whose rollback would
--    give the check back). Nothing by id, nothing in bulk, nothing for a
--    department role; the functions that gave hashes out by address or by
--    id now give nothing.
CREATE OR REPLACE FUNCTION epicevents_credentials(address TEXT)
RETURNS TABLE (id INTEGER, email TEXT, password_hash TEXT)
LANGUAGE sql STABLE AS $$
    SELECT NULL::integer, NULL::text, NULL::text WHERE false
$$;

CREATE OR REPLACE FUNCTION epicevents_credentials_of(account INTEGER)
RETURNS TABLE (id INTEGER, email TEXT, password_hash TEXT)
LANGUAGE sql STABLE AS $$
    SELECT NULL::integer, NULL::text, NULL::text WHERE false
$$;

-- Takes one check from the budget of `subject` (a lower-cased address) at
-- `source`, as the application's own budget does (a window from the first
-- failure, `threshold` checks in it), and answers whether the check may be
-- made, the account the address names, and only then its hash.
CREATE FUNCTION epicevents_password_check(subject TEXT, source TEXT, at TIMESTAMP, cutoff TIMESTAMP, threshold INTEGER)
RETURNS TABLE (allowed BOOLEAN, id INTEGER, password_hash TEXT)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
    spent INTEGER;
    account INTEGER;
    hash TEXT;
    written BIGINT;
BEGIN
    SELECT c.id, c.password_hash INTO account, hash FROM public.collaborators c WHERE c.email = subject;
    DELETE FROM public.login_attempts la WHERE la.window_start <= cutoff;
    SELECT la.attempts INTO spent FROM public.login_attempts la
        WHERE la.subject = epicevents_password_check.subject AND la.source = epicevents_password_check.source
        FOR UPDATE;
    IF spent IS NULL THEN
        INSERT INTO public.login_attempts (subject, source, attempts, window_start)
            VALUES (epicevents_password_check.subject, epicevents_password_check.source, 1, at);
    ELSIF spent < threshold THEN
        UPDATE public.login_attempts la SET attempts = la.attempts + 1
            WHERE la.subject = epicevents_password_check.subject AND la.source = epicevents_password_check.source;
    ELSE
        RETURN QUERY SELECT false, account, NULL::text;
        RETURN;
    END IF;
    -- The budget's row now carries this transaction's id, unless the write
    -- happened in a savepoint; and no other budget was spent in it.
    SELECT count(*) INTO written FROM public.login_attempts la
        WHERE la.xmin = pg_current_xact_id()::xid;
    IF written <> 1 OR NOT EXISTS (SELECT 1 FROM public.login_attempts la
            WHERE la.subject = epicevents_password_check.subject AND la.source = epicevents_password_check.source
              AND la.xmin = pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'one password check per transaction, outside savepoints'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY SELECT true, account, hash;
END
$fn$;
CREATE FUNCTION epicevents_is_in(account INTEGER, wanted TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM collaborators c WHERE c.id = account AND c.department = wanted)
$$;

CREATE FUNCTION epicevents_apply_hardening_privileges(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
    server TEXT := format('%I', prefix || '_server');
    sales TEXT := format('%I', prefix || '_sales');
    support TEXT := format('%I', prefix || '_support');
    management TEXT := format('%I', prefix || '_management');
    importer TEXT := format('%I', prefix || '_import');
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_is_in(integer, text) TO %s, %s, %s, %s',
        sales, support, management, importer);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION epicevents_credentials(text), epicevents_credentials_of(integer) '
        'FROM %s, %s, %s, %s, %s', server, sales, support, management, importer);
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_password_check(text, text, timestamp, timestamp, integer) '
        'TO %s', server);

    DROP POLICY everyone_writes ON audit_log;
    EXECUTE format('CREATE POLICY authors_write ON audit_log FOR INSERT TO %s, %s, %s, %s '
        'WITH CHECK (actor_id = epicevents_actor())', sales, support, management, importer);
    EXECUTE format('CREATE POLICY server_writes ON audit_log FOR INSERT TO %s '
        'WITH CHECK (record IS NULL AND changes IS NULL '
        'AND (outcome <> ''ok'' OR action IN (''session.login'', ''session.logout'')))', server);

    DROP POLICY sales_create ON clients;
    EXECUTE format('CREATE POLICY sales_create ON clients FOR INSERT TO %s '
        'WITH CHECK (sales_contact_id = epicevents_actor() AND epicevents_is_in(sales_contact_id, ''sales''))',
        sales);
    DROP POLICY management_reassign ON clients;
    EXECUTE format('CREATE POLICY management_reassign ON clients FOR UPDATE TO %s USING (true) '
        'WITH CHECK (sales_contact_id IS NULL OR epicevents_is_in(sales_contact_id, ''sales''))', management);
    DROP POLICY import_writes ON clients;
    EXECUTE format('CREATE POLICY import_writes ON clients FOR INSERT TO %s WITH CHECK (epicevents_importer() '
        'AND (sales_contact_id IS NULL OR epicevents_is_in(sales_contact_id, ''sales'')))', importer);

    DROP POLICY management_assign ON events;
    EXECUTE format('CREATE POLICY management_assign ON events FOR UPDATE TO %s USING (true) '
        'WITH CHECK (support_contact_id IS NULL OR epicevents_is_in(support_contact_id, ''support''))',
        management);
    DROP POLICY import_writes ON events;
    EXECUTE format('CREATE POLICY import_writes ON events FOR INSERT TO %s WITH CHECK (epicevents_importer() '
        'AND (support_contact_id IS NULL OR epicevents_is_in(support_contact_id, ''support'')))', importer);
    DROP POLICY import_updates ON events;
    EXECUTE format('CREATE POLICY import_updates ON events FOR UPDATE TO %s USING (epicevents_importer()) '
        'WITH CHECK (epicevents_importer() '
        'AND (support_contact_id IS NULL OR epicevents_is_in(support_contact_id, ''support'')))', importer);
END
$fn$;
