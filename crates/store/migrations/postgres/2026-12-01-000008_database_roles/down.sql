DO $$
DECLARE p RECORD;
BEGIN
    FOR p IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
    END LOOP;
END
$$;
ALTER TABLE clients DISABLE ROW LEVEL SECURITY;
ALTER TABLE contracts DISABLE ROW LEVEL SECURITY;
ALTER TABLE events DISABLE ROW LEVEL SECURITY;
ALTER TABLE collaborators DISABLE ROW LEVEL SECURITY;
ALTER TABLE sessions DISABLE ROW LEVEL SECURITY;
ALTER TABLE login_attempts DISABLE ROW LEVEL SECURITY;
DROP FUNCTION epicevents_apply_privileges(TEXT);
DROP FUNCTION epicevents_create_roles(TEXT, TEXT, TEXT);
DROP FUNCTION epicevents_credentials_of(INTEGER);
DROP FUNCTION epicevents_credentials(TEXT);
DROP FUNCTION epicevents_revoke_session(TEXT);
DROP FUNCTION epicevents_session(TEXT);
DROP FUNCTION epicevents_actor();
DROP TABLE access_roles;
