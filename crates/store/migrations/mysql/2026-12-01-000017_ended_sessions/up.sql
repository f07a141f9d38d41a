-- A session that ended leaves its token's hash behind until it would have
-- expired (see SQLite's migration 16); the traces past their expiry go
-- when expired sessions do, at a login. Read only through the function
-- below, as sessions are. MariaDB fires no trigger for a foreign key's
-- cascade: the application ends an account's sessions itself.
CREATE TABLE ended_sessions (
    token_hash VARCHAR(128) NOT NULL PRIMARY KEY,
    expires_at DATETIME(6) NOT NULL,
    KEY ended_sessions_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TRIGGER sessions_end AFTER DELETE ON sessions FOR EACH ROW
BEGIN
    INSERT IGNORE INTO ended_sessions (token_hash, expires_at) VALUES (OLD.token_hash, OLD.expires_at);
END;

-- When the session a token's hash named would have expired, if it ended.
CREATE FUNCTION epicevents_ended_session(token VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
RETURNS DATETIME(6)
READS SQL DATA SQL SECURITY DEFINER
RETURN (SELECT expires_at FROM ended_sessions WHERE token_hash = token);
