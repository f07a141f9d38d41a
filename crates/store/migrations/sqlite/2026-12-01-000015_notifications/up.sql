-- What someone should know about a change made by someone else to a
-- record of theirs: written in the change's transaction, read (and marked
-- read) by its recipient only. `about` is the record's name when it was
-- written, so that the line reads the same later.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_id INTEGER NOT NULL REFERENCES collaborators (id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    record TEXT NOT NULL,
    subject INTEGER NOT NULL,
    about TEXT NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_inbox ON notifications (recipient_id, read_at, id);

-- E-mail copies of notifications, when the server has an SMTP relay:
-- queued in the notification's transaction, sent after it commits by the
-- server's mailer, which claims a row for a while (`next_attempt_at`)
-- before sending, so that a crash or a relay that is down loses nothing,
-- and marks it sent after; a failure is retried later and later.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    queued_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
