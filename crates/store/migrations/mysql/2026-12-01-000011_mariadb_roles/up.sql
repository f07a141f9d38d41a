-- MariaDB's part of the database's own wall: what roles and column grants
-- can enforce without row-level security (see the README). The roles carry
-- an installation's prefix and are created by `init`, not here; this adds
-- what they need from the schema.

-- Which role plays which part in this installation, as on PostgreSQL.
-- `gate` is the login account's default role: what the server may do
-- before a request has an actor.
CREATE TABLE access_roles (
    part VARCHAR(16) PRIMARY KEY
        CHECK (part IN ('server', 'gate', 'sales', 'support', 'management', 'import')),
    role_name VARCHAR(128) NOT NULL UNIQUE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Credentials are reached only through these functions, which run with
-- their definer's rights: no role may read a token hash or a password
-- hash column. A session's id by its token's hash:
CREATE FUNCTION epicevents_session_id(token VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
RETURNS INTEGER
READS SQL DATA SQL SECURITY DEFINER
RETURN (SELECT id FROM sessions WHERE token_hash = token);

CREATE FUNCTION epicevents_revoke_session(token VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
RETURNS BOOLEAN
MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
    DELETE FROM sessions WHERE token_hash = token;
    RETURN ROW_COUNT() > 0;
END;

-- One account's password hash: anyone's for the server before a request
-- has an actor (a login), only one's own within a request.
CREATE FUNCTION epicevents_password_hash(account INTEGER)
RETURNS TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
READS SQL DATA SQL SECURITY DEFINER
RETURN (SELECT password_hash FROM collaborators
        WHERE id = account AND (@epicevents_actor IS NULL OR @epicevents_actor = account));
