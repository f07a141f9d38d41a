-- The nine functions this replaced are not brought back: revert past it
-- by restoring a backup taken before it, or migrate forward.
DO $$ BEGIN
    RAISE EXCEPTION 'migration grants_from_one_table cannot be reverted';
END $$;
