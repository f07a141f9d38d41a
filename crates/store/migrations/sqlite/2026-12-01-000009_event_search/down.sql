DROP TRIGGER events_search_update;
DROP TRIGGER events_search_delete;
DROP TRIGGER events_search_insert;
DROP TABLE events_search;
ALTER TABLE events DROP COLUMN search_text;
