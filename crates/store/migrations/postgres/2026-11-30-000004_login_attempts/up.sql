-- Failed logins are counted per e-mail as typed (known or not, so that an
-- unknown address behaves exactly like a real one) and per source (an
-- address on the server, "local" in local mode), so that someone guessing
-- from one place cannot lock the owner out everywhere.
CREATE TABLE login_attempts (
    subject TEXT NOT NULL,
    source TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    PRIMARY KEY (subject, source)
);
CREATE INDEX login_attempts_window_start ON login_attempts (window_start);
ALTER TABLE collaborators DROP COLUMN failed_logins;
ALTER TABLE collaborators DROP COLUMN first_failed_at;
ALTER TABLE collaborators DROP COLUMN locked_until;
