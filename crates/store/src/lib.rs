//! Persistence: one Diesel codebase for SQLite (embedded, the default) and
//! PostgreSQL. Every query is built with Diesel's DSL and bound parameters; the
//! only SQL text lives in [`raw`], which takes no input.

pub mod audit;
pub mod clients;
pub mod collaborators;
pub mod contracts;
pub mod events;
mod migrations;
pub mod page;
pub mod raw;
mod records;
pub mod schema;
pub mod sessions;
mod url;

use std::path::Path;

use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};

pub use migrations::SchemaState;
pub use url::{DatabaseUrl, redact_userinfo};

pub use raw::DbConnection;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    BadUrl(String),
    #[error("no database at {0}; run `epicevents init` to create it")]
    Missing(String),
    #[error("cannot open the database at {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("the database is not initialised; run `epicevents init`")]
    NotInitialised,
    #[error(
        "the database schema is older than this epicevents ({0} pending migration(s)); run `epicevents init` to migrate it"
    )]
    SchemaOutdated(usize),
    #[error("the database was migrated by a newer epicevents; upgrade this one")]
    SchemaNewer,
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("the database already has accounts")]
    AlreadyInitialised,
    #[error("{0} is already in use")]
    Duplicate(&'static str),
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
}

const SERIALIZATION_RETRIES: u32 = 5;

/// An error a write transaction can end with, and whether retrying may help.
pub trait TxError: From<diesel::result::Error> {
    fn is_serialization_failure(&self) -> bool;
}

impl TxError for diesel::result::Error {
    fn is_serialization_failure(&self) -> bool {
        matches!(
            self,
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::SerializationFailure,
                _
            )
        )
    }
}

impl TxError for StoreError {
    fn is_serialization_failure(&self) -> bool {
        matches!(self, StoreError::Database(e) if e.is_serialization_failure())
    }
}

/// Whether opening may create an SQLite file that does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Only `init` creates databases.
    Create,
    MustExist,
}

pub struct Store {
    conn: DbConnection,
}

impl Store {
    pub fn open(url: &DatabaseUrl, mode: OpenMode) -> Result<Self, StoreError> {
        let connect_err = |e: ConnectionError| StoreError::Connect {
            url: url.to_string(),
            // libpq's messages can quote the connection string.
            reason: redact_userinfo(&e.to_string()),
        };
        let conn = match url {
            DatabaseUrl::Sqlite(path) => {
                if !path.exists() {
                    if mode == OpenMode::MustExist {
                        return Err(StoreError::Missing(url.to_string()));
                    }
                    create_private_file(path).map_err(|e| StoreError::Connect {
                        url: url.to_string(),
                        reason: e.to_string(),
                    })?;
                }
                let path_str = path.to_str().ok_or_else(|| {
                    StoreError::BadUrl("the SQLite path is not valid UTF-8".into())
                })?;
                let mut conn = SqliteConnection::establish(path_str).map_err(connect_err)?;
                raw::configure_sqlite(&mut conn)?;
                DbConnection::Sqlite(conn)
            }
            DatabaseUrl::Postgres(url) => {
                DbConnection::Postgres(PgConnection::establish(url).map_err(connect_err)?)
            }
        };
        Ok(Self { conn })
    }

    /// Opens a database for an ordinary command: it must exist and its schema
    /// must be exactly the one this binary was built for.
    pub fn open_current(url: &DatabaseUrl) -> Result<Self, StoreError> {
        let mut store = Self::open(url, OpenMode::MustExist)?;
        match store.schema_state()? {
            SchemaState::Current => Ok(store),
            SchemaState::Empty => Err(StoreError::NotInitialised),
            SchemaState::Behind(n) => Err(StoreError::SchemaOutdated(n)),
            SchemaState::Ahead => Err(StoreError::SchemaNewer),
        }
    }

    pub fn schema_state(&mut self) -> Result<SchemaState, StoreError> {
        migrations::state(&mut self.conn)
    }

    /// Applies pending migrations; returns the versions applied.
    pub fn migrate(&mut self) -> Result<Vec<String>, StoreError> {
        migrations::run(&mut self.conn)
    }

    pub fn backend_name(&self) -> &'static str {
        match self.conn {
            DbConnection::Postgres(_) => "postgres",
            DbConnection::Sqlite(_) => "sqlite",
        }
    }

    /// Runs `f` in one write transaction: all of it is committed or none.
    ///
    /// On PostgreSQL a serialization failure (a concurrent transaction
    /// conflicted) rolls everything back and runs `f` again, a few times at most.
    pub fn write<T, E>(
        &mut self,
        mut f: impl FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: TxError,
    {
        let mut retries = 0;
        loop {
            match raw::write_transaction(&mut self.conn, &mut f) {
                Err(e) if e.is_serialization_failure() && retries < SERIALIZATION_RETRIES => {
                    retries += 1
                }
                outcome => return outcome,
            }
        }
    }

    /// Runs `f` in a read transaction, so what it reads is one consistent state.
    pub fn read<T, E>(&mut self, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        self.conn.transaction(f)
    }
}

/// Creates an empty database file only its owner can read: it holds password
/// and session hashes. SQLite gives its -wal and -shm files the same mode.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

/// Maps a unique-index violation to a conflict on `field`.
pub(crate) fn unique_as(field: &'static str) -> impl FnOnce(diesel::result::Error) -> StoreError {
    move |e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => StoreError::Duplicate(field),
        other => StoreError::Database(other),
    }
}
