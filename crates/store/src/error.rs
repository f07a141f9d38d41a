//! What can go wrong in the store, sorted by what the caller can do about it.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    BadUrl(String),
    #[error("no database at {0}")]
    Missing(String),
    #[error("cannot open the database at {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("no database connection is available: {0}")]
    Unavailable(String),
    #[error("the database is not initialised")]
    NotInitialised,
    #[error("the database schema is older than this epicevents ({0} pending migration(s))")]
    SchemaOutdated(usize),
    #[error("the database was migrated by a newer epicevents; upgrade this one")]
    SchemaNewer,
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("the database already has accounts")]
    AlreadyInitialised,
    #[error("{0} is already in use")]
    Duplicate(&'static str),
    /// Another writer held the database for longer than we wait, or
    /// concurrent changes kept conflicting: nothing was changed.
    #[error("the database is busy with other changes; nothing was changed, try again")]
    Busy,
    #[error("the database is read-only here: it can be read, not changed")]
    ReadOnly,
    /// The connection broke while a change was being committed: whether it
    /// was saved cannot be known from here.
    #[error(
        "the connection to the database was lost as the change was being saved: check whether it was, then try again"
    )]
    CommitLost,
    /// The disk (or the database's space) ran out in the middle of a
    /// write: the transaction was rolled back whole.
    #[error(
        "the disk holding the database is full; nothing was changed: free some space, then try again"
    )]
    DiskFull,
    #[error(
        "the database file {0} was removed or replaced while this command ran; nothing was saved"
    )]
    Replaced(String),
    #[error("{0} is not an EpicEvents database (not an SQLite file, or a damaged one)")]
    NotADatabase(String),
    #[error(
        "{0:?} cannot prefix the database's role names: use lower-case letters, digits and _ (at most 41)"
    )]
    BadRolePrefix(String),
    /// A page asked to continue after a row the list does not have.
    #[error("no row #{0} to continue the list after")]
    NoCursor(i32),
    #[error("database error: {0}")]
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for StoreError {
    /// Sorts out what the database says about its state (busy, read-only,
    /// not a database) from the errors that are bugs.
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        let Error::DatabaseError(kind, info) = &e else {
            return Self::Database(e);
        };
        let message = info.message();
        // SQLite's SQLITE_FULL; PostgreSQL's 53100 (disk_full) and its
        // failed file extensions; MySQL's full table (1114) and errno 28.
        if message.starts_with("database or disk is full")
            || message.contains("No space left on device")
            || (message.starts_with("The table") && message.ends_with("is full"))
        {
            return Self::DiskFull;
        }
        if *kind != DatabaseErrorKind::Unknown {
            return Self::Database(e);
        }
        // SQLite's busy writer; MySQL's row lock held past
        // innodb_lock_wait_timeout (its deadlocks are serialization
        // failures, retried).
        if message.starts_with("database is locked")
            || message.starts_with("database table is locked")
            || message.starts_with("Lock wait timeout exceeded")
        {
            Self::Busy
        } else if message.starts_with("attempt to write a readonly database") {
            Self::ReadOnly
        } else {
            Self::Database(e)
        }
    }
}

/// An error a write transaction can end with, and whether retrying may help.
pub trait TxError {
    fn is_serialization_failure(&self) -> bool;
}

/// What ends a transaction: the work's own error, or the database's (in
/// beginning, committing, rolling back). The database's is sorted as a
/// [`StoreError`] before the caller sees it, so that callers name no
/// diesel type.
pub(crate) enum Ended<E> {
    Work(E),
    Database(diesel::result::Error),
}

impl<E> From<diesel::result::Error> for Ended<E> {
    fn from(e: diesel::result::Error) -> Self {
        Self::Database(e)
    }
}

impl<E: From<StoreError>> Ended<E> {
    pub(crate) fn into_error(self) -> E {
        match self {
            Self::Work(e) => e,
            Self::Database(e) => StoreError::from(e).into(),
        }
    }
}

impl TxError for diesel::result::Error {
    /// A serialization failure, or a deadlock (PostgreSQL aborted one of the
    /// transactions): running the transaction again may succeed.
    fn is_serialization_failure(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
            Error::DatabaseError(DatabaseErrorKind::Unknown, info) => {
                info.message().starts_with("deadlock detected")
            }
            _ => false,
        }
    }
}

impl TxError for StoreError {
    fn is_serialization_failure(&self) -> bool {
        matches!(self, StoreError::Database(e) if e.is_serialization_failure())
    }
}
