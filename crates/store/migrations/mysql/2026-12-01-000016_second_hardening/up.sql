-- A password hash is had only by a password check (issue 22): for one
-- address, by the function that spends that check from the address's
-- budget, once per statement. The function that gave out any account's
-- hash by id is gone.
DROP FUNCTION epicevents_password_hash;

-- Which statement of which connection last read a hash: a second read in
-- the same statement (a query over every address) collides with the
-- first. NOW(6) is fixed for the length of a statement.
CREATE TABLE credential_reads (
    connection BIGINT UNSIGNED NOT NULL,
    statement_at DATETIME(6) NOT NULL,
    PRIMARY KEY (connection, statement_at)
) ENGINE=InnoDB;

-- Takes one check from the budget of `p_subject` (a lower-cased address)
-- at `p_source`, as the application's own budget does, and answers
-- "allowed account hash" separated by spaces: allowed is 1 or 0; the
-- account's id and its hash are empty when there is no such account, and
-- the hash also when no check may be made.
CREATE FUNCTION epicevents_password_check(
    p_subject VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    p_source VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    p_at DATETIME(6),
    p_cutoff DATETIME(6),
    p_threshold INTEGER)
RETURNS TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
    DECLARE spent INTEGER DEFAULT NULL;
    DECLARE account INTEGER DEFAULT NULL;
    DECLARE hash TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL;
    DELETE FROM credential_reads WHERE connection = CONNECTION_ID() AND statement_at <> NOW(6);
    INSERT INTO credential_reads (connection, statement_at) VALUES (CONNECTION_ID(), NOW(6));
    SET account = (SELECT id FROM collaborators WHERE email = p_subject);
    DELETE FROM login_attempts WHERE window_start <= p_cutoff;
    SET spent = (SELECT attempts FROM login_attempts
                 WHERE subject = p_subject AND source = p_source FOR UPDATE);
    IF spent IS NULL THEN
        INSERT INTO login_attempts (subject, source, attempts, window_start)
            VALUES (p_subject, p_source, 1, p_at);
    ELSEIF spent < p_threshold THEN
        UPDATE login_attempts SET attempts = attempts + 1
            WHERE subject = p_subject AND source = p_source;
    ELSE
        RETURN CONCAT('0 ', IFNULL(account, ''), ' ');
    END IF;
    SET hash = (SELECT password_hash FROM collaborators WHERE id = account);
    RETURN CONCAT('1 ', IFNULL(account, ''), ' ', IFNULL(hash, ''));
END;
