//! The one reviewed place where SQL text is written by hand.
//!
//! Everything here is a constant string or, for test databases, an identifier
//! this code generated and checked itself. Nothing typed by a user reaches it.
//! `clippy.toml` forbids `sql_query`, `dsl::sql` and `batch_execute` elsewhere.
#![allow(clippy::disallowed_methods)]

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};

use super::StoreError;

/// A connection to either backend. Queries written once run on both.
///
/// Defined here because the derive forwards `batch_execute` to the inner
/// connection, which the lint would otherwise flag wherever this lives.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Milliseconds a writer waits for another writer's lock before giving up.
pub const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

pub(super) fn configure_sqlite(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    // WAL lets readers proceed while one writer writes; NORMAL is durable
    // across application crashes and the usual choice with WAL.
    conn.batch_execute(concat!(
        "PRAGMA busy_timeout = 5000;",
        "PRAGMA journal_mode = WAL;",
        "PRAGMA synchronous = NORMAL;",
        "PRAGMA foreign_keys = ON;",
    ))?;
    Ok(())
}

/// What `SqliteConnection::immediate_transaction` does, on the multi-backend
/// connection, so the closure still sees the connection type every query takes.
pub(super) fn immediate_transaction<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    let DbConnection::Sqlite(inner) = conn else {
        unreachable!("immediate transactions exist on SQLite only");
    };
    AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
    let outcome = f(conn);
    let DbConnection::Sqlite(inner) = conn else {
        unreachable!("the closure cannot change the connection's backend");
    };
    match outcome {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(inner)?;
            Ok(value)
        }
        Err(e) => {
            AnsiTransactionManager::rollback_transaction(inner)?;
            Err(e)
        }
    }
}

/// Test support: a database name is an identifier and cannot be a bound
/// parameter, so it is checked to be one of ours before it is spliced in.
fn checked_test_db_name(name: &str) -> Result<&str, StoreError> {
    let ok = name.starts_with("epicevents_test_")
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(name)
    } else {
        Err(StoreError::BadUrl(format!(
            "refusing test database name {name:?}"
        )))
    }
}

/// Creates an empty PostgreSQL database for one test run.
pub fn create_test_database(server_url: &str, name: &str) -> Result<(), StoreError> {
    let name = checked_test_db_name(name)?;
    let mut conn = PgConnection::establish(server_url).map_err(|e| StoreError::Connect {
        url: super::redact_userinfo(server_url),
        reason: super::redact_userinfo(&e.to_string()),
    })?;
    conn.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
    Ok(())
}

/// Drops a database made by [`create_test_database`], closing its connections.
pub fn drop_test_database(server_url: &str, name: &str) -> Result<(), StoreError> {
    let name = checked_test_db_name(name)?;
    let mut conn = PgConnection::establish(server_url).map_err(|e| StoreError::Connect {
        url: super::redact_userinfo(server_url),
        reason: super::redact_userinfo(&e.to_string()),
    })?;
    conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_test_names_are_spliced() {
        assert!(checked_test_db_name("epicevents_test_0a1b").is_ok());
        for bad in [
            "postgres",
            "epicevents_test_x\"; DROP DATABASE postgres; --",
            "epicevents_test_A",
            &format!("epicevents_test_{}", "a".repeat(60)),
        ] {
            assert!(checked_test_db_name(bad).is_err(), "{bad}");
        }
    }
}
