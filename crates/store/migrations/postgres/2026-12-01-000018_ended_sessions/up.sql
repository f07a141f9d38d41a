-- A session that ended (logout, a password or department change, an
-- account deactivated or gone) leaves its token's hash behind until it
-- would have expired, so that its holder is told it is no longer valid;
-- a token that was never issued is "not logged in". No role reads a hash
-- there: the server asks the function below, as for sessions, and clears
-- the traces past their expiry when it clears expired sessions.
CREATE TABLE ended_sessions (
    token_hash TEXT PRIMARY KEY,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX ended_sessions_expiry ON ended_sessions (expires_at);

CREATE FUNCTION epicevents_session_ends() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO public.ended_sessions (token_hash, expires_at) VALUES (OLD.token_hash, OLD.expires_at)
        ON CONFLICT (token_hash) DO NOTHING;
    RETURN OLD;
END
$$;
CREATE TRIGGER sessions_end AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION epicevents_session_ends();

CREATE FUNCTION epicevents_ended_session(token TEXT) RETURNS TIMESTAMP
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT e.expires_at FROM public.ended_sessions e WHERE e.token_hash = token
$$;

CREATE FUNCTION epicevents_apply_session_end_privileges(prefix TEXT) RETURNS VOID
LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION epicevents_ended_session(text) TO %I', prefix || '_server');
    EXECUTE format('GRANT SELECT (expires_at), DELETE ON ended_sessions TO %I', prefix || '_server');
END
$fn$;
