-- Events found by their own text (name and location, folded as the client
-- search folds), through a trigram index like the clients': a search reads
-- the matching rows, never every event. The text is computed by the store;
-- rows written before this column existed get theirs after the migration.
ALTER TABLE events ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE events_search USING fts5(
    search_text, content = 'events', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_search (events_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER events_search_update AFTER UPDATE OF search_text ON events BEGIN
    INSERT INTO events_search (events_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO events_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
INSERT INTO events_search (events_search) VALUES ('rebuild');
