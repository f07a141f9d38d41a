ALTER TABLE collaborators ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE collaborators ADD COLUMN first_failed_at TIMESTAMP;
ALTER TABLE collaborators ADD COLUMN locked_until TIMESTAMP;
DROP TABLE login_attempts;
