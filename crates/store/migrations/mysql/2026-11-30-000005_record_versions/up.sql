-- Each change to a client, contract or event adds one, so a writer can say
-- which state it read (`--if-version`, `If-Match`) and be refused when the
-- record changed since.
ALTER TABLE clients ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contracts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
