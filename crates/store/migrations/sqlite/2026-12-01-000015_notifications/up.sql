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
