ALTER TABLE events DROP COLUMN version;
ALTER TABLE contracts DROP COLUMN version;
ALTER TABLE clients DROP COLUMN version;
