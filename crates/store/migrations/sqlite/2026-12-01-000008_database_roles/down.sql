-- SQLite has no roles: the database roles of this version are PostgreSQL's
-- (see the PostgreSQL migration). A local SQLite file is protected by its
-- file mode alone (0600, its owner only); a team uses the server.
SELECT 1;
