-- MySQL and MariaDB: the same schema as the other backends. Every table is
-- utf8mb4 (all of Unicode, emoji included) compared byte by byte
-- (utf8mb4_bin), as SQLite and PostgreSQL's "C" compare: e-mails are stored
-- lower-cased by the application, and sort keys are folded by it, so that
-- uniqueness, search and order agree across backends. Times are DATETIME(6):
-- microseconds, no time zone (UTC, as everywhere).
CREATE TABLE collaborators (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    full_name VARCHAR(100) NOT NULL,
    email VARCHAR(254) NOT NULL UNIQUE,
    department VARCHAR(16) NOT NULL CHECK (department IN ('sales', 'support', 'management')),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    first_failed_at DATETIME(6),
    locked_until DATETIME(6),
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    collaborator_id INTEGER NOT NULL,
    token_hash VARCHAR(128) NOT NULL UNIQUE,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    last_used_at DATETIME(6) NOT NULL,
    CONSTRAINT sessions_collaborator FOREIGN KEY (collaborator_id)
        REFERENCES collaborators (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX sessions_collaborator_id ON sessions (collaborator_id);

-- No foreign key on actor_id: the trail outlives the accounts it mentions.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    at DATETIME(6) NOT NULL,
    actor_id INTEGER,
    action VARCHAR(64) NOT NULL,
    subject VARCHAR(64),
    outcome VARCHAR(16) NOT NULL,
    detail TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX audit_log_at ON audit_log (at);
