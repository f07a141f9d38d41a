ALTER TABLE collaborators ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE collaborators ADD COLUMN first_failed_at DATETIME(6);
ALTER TABLE collaborators ADD COLUMN locked_until DATETIME(6);
DROP TABLE login_attempts;
