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

/// Runs `f` in one write transaction begun the way each backend needs:
/// IMMEDIATE on SQLite (the write lock up front, so writers queue on
/// `busy_timeout` instead of failing halfway), SERIALIZABLE on PostgreSQL (so
/// rules that read before they write, such as "not the last management
/// account", hold under concurrency; conflicts surface as serialization
/// failures, which the caller retries).
///
/// This is what `SqliteConnection::immediate_transaction` and
/// `PgConnection::build_transaction` do, on the multi-backend connection, so
/// the closure still sees the connection type every query takes.
pub(super) fn write_transaction<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        DbConnection::Postgres(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN ISOLATION LEVEL SERIALIZABLE")?
        }
    }
    let outcome = f(conn);
    let end = match (&outcome, conn) {
        (Ok(_), DbConnection::Sqlite(c)) => AnsiTransactionManager::commit_transaction(c),
        (Ok(_), DbConnection::Postgres(c)) => AnsiTransactionManager::commit_transaction(c),
        (Err(_), DbConnection::Sqlite(c)) => AnsiTransactionManager::rollback_transaction(c),
        (Err(_), DbConnection::Postgres(c)) => AnsiTransactionManager::rollback_transaction(c),
    };
    end?;
    outcome
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

fn connect_server(server_url: &str) -> Result<PgConnection, StoreError> {
    PgConnection::establish(server_url).map_err(|e| StoreError::Connect {
        url: crate::redact_userinfo(server_url),
        reason: crate::redact_userinfo(&e.to_string()),
    })
}

/// Creates an empty PostgreSQL database for one test run.
pub fn create_test_database(server_url: &str, name: &str) -> Result<(), StoreError> {
    let name = checked_test_db_name(name)?;
    connect_server(server_url)?.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
    Ok(())
}

/// Drops a database made by [`create_test_database`], closing its connections.
pub fn drop_test_database(server_url: &str, name: &str) -> Result<(), StoreError> {
    let name = checked_test_db_name(name)?;
    connect_server(server_url)?
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))?;
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
