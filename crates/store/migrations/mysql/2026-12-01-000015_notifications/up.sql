-- What someone should know about a change made by someone else to a
-- record of theirs: written in the change's transaction, read (and marked
-- read) by its recipient only. `about` is the record's name when it was
-- written, so that the line reads the same later.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    recipient_id INTEGER NOT NULL,
    at DATETIME(6) NOT NULL,
    actor_id INTEGER,
    action VARCHAR(64) NOT NULL,
    record VARCHAR(16) NOT NULL,
    subject INTEGER NOT NULL,
    about TEXT NOT NULL,
    read_at DATETIME(6),
    CONSTRAINT notifications_recipient FOREIGN KEY (recipient_id)
        REFERENCES collaborators (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX notifications_inbox ON notifications (recipient_id, read_at, id);

-- E-mail copies of notifications, when the server has an SMTP relay:
-- queued in the notification's transaction, sent after it commits by the
-- server's mailer, which claims a row for a while (`next_attempt_at`)
-- before sending, so that a crash or a relay that is down loses nothing,
-- and marks it sent after; a failure is retried later and later.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    recipient VARCHAR(998) NOT NULL,
    subject VARCHAR(998) NOT NULL,
    body TEXT NOT NULL,
    queued_at DATETIME(6) NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6) NOT NULL,
    sent_at DATETIME(6),
    last_error TEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
