-- Failed logins, per e-mail as typed and per source (see the other backends).
CREATE TABLE login_attempts (
    subject VARCHAR(254) NOT NULL,
    source VARCHAR(64) NOT NULL,
    attempts INTEGER NOT NULL,
    window_start DATETIME(6) NOT NULL,
    PRIMARY KEY (subject, source)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX login_attempts_window_start ON login_attempts (window_start);
ALTER TABLE collaborators DROP COLUMN failed_logins;
ALTER TABLE collaborators DROP COLUMN first_failed_at;
ALTER TABLE collaborators DROP COLUMN locked_until;
