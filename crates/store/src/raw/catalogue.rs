//! What a database's own catalogue says each role of an installation was
//! granted, for the tests that hold it to [`crate::privileges::GRANTS`].

use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};

use super::DbConnection;
use crate::StoreError;

/// One privilege as the catalogue holds it: `verb` on `table` (on its
/// `column` only, for a column grant) to the role `grantee`.
#[derive(QueryableByName, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Held {
    #[diesel(sql_type = Text)]
    pub grantee: String,
    #[diesel(sql_type = Text)]
    pub verb: String,
    #[diesel(sql_type = Text)]
    pub table: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub column: Option<String>,
}

/// Every table and column privilege held by a role whose name starts with
/// `prefix_` (the schema's owner aside), on the connected database.
pub fn held(conn: &mut DbConnection, prefix: &str) -> Result<Vec<Held>, StoreError> {
    let pattern = format!("{}\\_%", prefix.replace('_', "\\_"));
    let owner = format!("{prefix}_owner");
    Ok(match conn {
        DbConnection::Postgres(pg) => diesel::sql_query(
            "SELECT r.rolname::text AS grantee, a.privilege_type::text AS verb, \
                    c.relname::text AS \"table\", NULL::text AS \"column\" \
             FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a \
             JOIN pg_roles r ON r.oid = a.grantee \
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' \
               AND r.rolname LIKE $1 AND r.rolname <> $2 \
             UNION ALL \
             SELECT r.rolname::text, a.privilege_type::text, c.relname::text, att.attname::text \
             FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid \
             CROSS JOIN LATERAL aclexplode(att.attacl) a \
             JOIN pg_roles r ON r.oid = a.grantee \
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' \
               AND att.attnum > 0 AND r.rolname LIKE $1 AND r.rolname <> $2",
        )
        .bind::<Text, _>(&pattern)
        .bind::<Text, _>(&owner)
        .load(pg)?,
        DbConnection::Mysql(my) => {
            // A role's grants name it with an empty host; the privileges
            // of one table come as a set, 'Select,Insert'.
            let tables: Vec<Held> = diesel::sql_query(
                "SELECT User AS grantee, Table_priv AS verb, Table_name AS `table`, \
                        NULL AS `column` \
                 FROM mysql.tables_priv WHERE Db = DATABASE() AND User LIKE ? AND Table_priv <> ''",
            )
            .bind::<Text, _>(&pattern)
            .load(my)?;
            let columns: Vec<Held> = diesel::sql_query(
                "SELECT User AS grantee, Column_priv AS verb, Table_name AS `table`, \
                        Column_name AS `column` \
                 FROM mysql.columns_priv WHERE Db = DATABASE() AND User LIKE ?",
            )
            .bind::<Text, _>(&pattern)
            .load(my)?;
            tables
                .into_iter()
                .chain(columns)
                .flat_map(|h| {
                    h.verb
                        .split(',')
                        .map(|verb| Held {
                            verb: verb.to_uppercase(),
                            ..h.clone()
                        })
                        .collect::<Vec<_>>()
                })
                .collect()
        }
        DbConnection::Sqlite(_) => Vec::new(),
    })
}
