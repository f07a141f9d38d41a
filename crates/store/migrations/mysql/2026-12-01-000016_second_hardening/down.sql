DROP FUNCTION epicevents_password_check;
DROP TABLE credential_reads;
CREATE FUNCTION epicevents_password_hash(account INTEGER)
RETURNS TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
READS SQL DATA SQL SECURITY DEFINER
RETURN (SELECT password_hash FROM collaborators
        WHERE id = account AND (@epicevents_actor IS NULL OR @epicevents_actor = account));
