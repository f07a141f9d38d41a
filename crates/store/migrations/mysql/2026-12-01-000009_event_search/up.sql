-- Events found by their own folded text (name and location), computed by
-- the store; read with LIKE, as the client search is here.
ALTER TABLE events ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
