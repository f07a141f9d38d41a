//! The statements an attacker holding the server's database account would
//! try for password hashes (issue 22), for the tests that prove the
//! database refuses them. Constant SQL only: nothing here takes text.

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::DbConnection;
use crate::StoreError;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut DbConnection, postgres: &str, mysql: &str) -> Result<i64, StoreError> {
    let sql = match conn {
        DbConnection::Postgres(_) => postgres,
        DbConnection::Mysql(_) => mysql,
        DbConnection::Sqlite(_) => {
            return Err(StoreError::Migration("no database wall on SQLite".into()));
        }
    };
    let found: Count = diesel::sql_query(sql).get_result(conn)?;
    Ok(found.n)
}

/// Every account's hash by id, through the functions that once gave them.
pub fn hashes_by_id(conn: &mut DbConnection) -> Result<i64, StoreError> {
    count(
        conn,
        "SELECT count(k.password_hash) AS n FROM collaborators c, epicevents_credentials_of(c.id) k",
        "SELECT count(epicevents_password_hash(id)) AS n FROM collaborators",
    )
}

/// Every account's hash by address, through the password check itself.
pub fn hashes_by_address(conn: &mut DbConnection) -> Result<i64, StoreError> {
    count(
        conn,
        "SELECT count(k.password_hash) AS n FROM collaborators c, \
         epicevents_password_check(c.email, 'probe', now()::timestamp, now()::timestamp - interval '1 hour', 1000) k",
        "SELECT count(epicevents_password_check(email, 'probe', NOW(6), NOW(6) - INTERVAL 1 HOUR, 1000)) AS n \
         FROM collaborators",
    )
}

/// One address's hash through the password check, as a login reads it.
pub fn hash_of(conn: &mut DbConnection, address: &str) -> Result<bool, StoreError> {
    Ok(crate::raw::password_check(
        conn,
        address,
        "probe",
        chrono::Utc::now().naive_utc(),
        crate::collaborators::Lockout {
            threshold: 1000,
            window: chrono::Duration::hours(1),
        },
    )?
    .password_hash
    .is_some())
}
