-- When a collaborator who left was deactivated (they cannot log in; their
-- name stays on the records and the trail): NULL while they work here.
ALTER TABLE collaborators ADD COLUMN deactivated_at TIMESTAMP;
