DROP INDEX events_search_trgm;
ALTER TABLE events DROP COLUMN search_text;
