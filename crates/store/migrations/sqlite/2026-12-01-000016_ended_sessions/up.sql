-- A session that ended (logout, a password or department change, an
-- account deactivated or gone) leaves its token's hash behind until it
-- would have expired, so that its holder is told it is no longer valid;
-- a token that was never issued is "not logged in". Tombstones past their
-- expiry go when expired sessions do (at a login).
CREATE TABLE ended_sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX ended_sessions_expiry ON ended_sessions (expires_at);
CREATE TRIGGER sessions_end AFTER DELETE ON sessions BEGIN
    INSERT OR IGNORE INTO ended_sessions (token_hash, expires_at) VALUES (OLD.token_hash, OLD.expires_at);
END;
