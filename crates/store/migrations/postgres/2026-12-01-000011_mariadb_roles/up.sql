-- MariaDB's roles (see the MySQL migration of the same name): nothing
-- changes on this backend.
SELECT 1;
