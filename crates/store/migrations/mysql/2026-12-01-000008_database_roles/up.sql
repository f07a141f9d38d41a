-- The database roles of this version are PostgreSQL's, whose row-level
-- security MySQL and MariaDB lack; what MariaDB can enforce (roles and
-- column grants) is installed by `init` on top of this schema.
SELECT 1;
