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
