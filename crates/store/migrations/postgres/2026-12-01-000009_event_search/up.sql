-- Events found by their own text (name and location, folded as the client
-- search folds), through a trigram index like the clients': a search reads
-- the matching rows, never every event. The text is computed by the store;
-- rows written before this column existed get theirs after the migration.
ALTER TABLE events ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX events_search_trgm ON events USING gin (search_text gin_trgm_ops);
