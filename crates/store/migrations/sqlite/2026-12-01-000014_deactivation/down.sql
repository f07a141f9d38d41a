ALTER TABLE collaborators DROP COLUMN deactivated_at;
