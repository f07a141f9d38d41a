//! Persistence: one Diesel codebase for SQLite (embedded, the default),
//! PostgreSQL and MariaDB. Every query is built with Diesel's DSL and bound
//! parameters; the only SQL text lives in `raw`, which takes no input.
//!
//! The tables themselves (`schema`), writing them directly (`seed`), query
//! plans (`plans`) and the hand-written SQL with the test databases' helpers
//! (`raw`) are reached from outside only with the `test-support` feature:
//! by tests and benchmarks, never by the crates above.

/// A batch insert is written once per backend: the multi-backend connection
/// does not take multi-row inserts.
macro_rules! per_backend {
    ($c:expr, $conn:ident => $body:expr) => {
        match $c {
            $crate::DbConnection::Sqlite($conn) => $body,
            $crate::DbConnection::Postgres($conn) => $body,
            $crate::DbConnection::Mysql($conn) => $body,
        }
    };
}

pub mod access;
pub mod archive;
pub mod audit;
pub mod clients;
pub mod collaborators;
pub mod contracts;
mod error;
pub mod events;
pub mod imports;
mod migrations;
pub mod notifications;
pub mod outbox;
pub mod payments;
mod pool;
pub mod privileges;
mod records;
pub mod roles;
mod stamp;
pub mod unguarded;
mod url;
mod wal;

#[cfg(feature = "test-support")]
pub mod plans;
#[cfg(feature = "test-support")]
pub mod raw;
#[cfg(not(feature = "test-support"))]
mod raw;
#[cfg(feature = "test-support")]
pub mod schema;
#[cfg(not(feature = "test-support"))]
mod schema;
#[cfg(feature = "test-support")]
pub mod seed;

use std::path::Path;

use diesel::prelude::*;
use diesel::{MysqlConnection, PgConnection, SqliteConnection};

pub use migrations::SchemaState;
use pool::Connections;
pub use pool::{PoolSize, PoolState};
pub use stamp::{At, UtcTime};
pub use url::{DatabaseUrl, redact_userinfo, with_login};

use error::Ended;
pub use error::{StoreError, TxError};
pub use raw::DbConnection;

/// Retries of a write transaction that conflicted, before it reports busy.
const WRITE_ATTEMPTS: u32 = 8;

/// The pause before retry `attempt`: exponential from 2 ms, capped at 250 ms,
/// and a random fraction of it ("full jitter"), which spreads colliding
/// writers best.
fn backoff(attempt: u32) -> std::time::Duration {
    use std::hash::{BuildHasher, Hasher};
    let ceiling = (2u64 << attempt.min(7)).min(250) * 1_000;
    // A fresh random key per call: randomness without a dependency.
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    std::time::Duration::from_micros(random % (ceiling + 1))
}

/// Whether opening may create an SQLite file that does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Only `init` creates databases.
    Create,
    MustExist,
}

/// The database, as its connections: each use case takes one for itself,
/// so requests served at once do not wait for each other's reads.
#[derive(Clone)]
pub struct Store {
    connections: Connections,
    backend: &'static str,
    /// The SQLite file as it was opened: a write checks, before it commits,
    /// that this is still the file at that path.
    file: Option<FileIdentity>,
    /// The roles a request acts as (each department's, and the import's),
    /// when the store is connected as its installation's login role: read
    /// once, on first use, and shared by the store's clones (each request
    /// has its own clone).
    roles: std::sync::Arc<std::sync::OnceLock<Option<raw::roles::Acting>>>,
}

/// Which file a path named when the store opened it (device and inode).
#[derive(Debug, Clone)]
struct FileIdentity {
    path: std::path::PathBuf,
    device: u64,
    inode: u64,
}

impl FileIdentity {
    fn of(path: &Path) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            path: path.to_path_buf(),
            device: meta.dev(),
            inode: meta.ino(),
        })
    }

    /// Refuses to commit into a file that was deleted or replaced since it
    /// was opened: the commit would land in a file nobody can reach.
    fn still_there(&self) -> Result<(), StoreError> {
        match Self::of(&self.path) {
            Some(now) if (now.device, now.inode) == (self.device, self.inode) => Ok(()),
            _ => Err(StoreError::Replaced(self.path.display().to_string())),
        }
    }
}

impl Store {
    /// Connects to the database, creating an SQLite file only in `Create` mode.
    ///
    /// The first connection is made here, so a wrong URL or an unreachable
    /// server is reported at once with its cause; the pool adopts it.
    pub fn open(url: &DatabaseUrl, mode: OpenMode) -> Result<Self, StoreError> {
        Self::open_with(url, mode, PoolSize::default())
    }

    pub fn open_with(
        url: &DatabaseUrl,
        mode: OpenMode,
        size: PoolSize,
    ) -> Result<Self, StoreError> {
        if let DatabaseUrl::Sqlite(path) = url
            && !path.exists()
        {
            if mode == OpenMode::MustExist {
                return Err(StoreError::Missing(url.to_string()));
            }
            create_private_file(path).map_err(|e| StoreError::Connect {
                url: url.to_string(),
                reason: e.to_string(),
            })?;
        }
        let first = establish(url)?;
        let backend = match first {
            DbConnection::Postgres(_) => "postgres",
            DbConnection::Sqlite(_) => "sqlite",
            DbConnection::Mysql(_) => "mysql",
        };
        let connections = Connections::new(url, first, size);
        let file = match url {
            DatabaseUrl::Sqlite(path) => FileIdentity::of(path),
            DatabaseUrl::Postgres(_) | DatabaseUrl::Mysql(_) => None,
        };
        Ok(Self {
            connections,
            backend,
            file,
            roles: Default::default(),
        })
    }

    /// Opens a database for an ordinary command: it must exist and its schema
    /// must be exactly the one this binary was built for.
    pub fn open_current(url: &DatabaseUrl) -> Result<Self, StoreError> {
        Self::open_current_with(url, PoolSize::default())
    }

    pub fn open_current_with(url: &DatabaseUrl, size: PoolSize) -> Result<Self, StoreError> {
        let store = Self::open_with(url, OpenMode::MustExist, size)?;
        store.ensure_current()?;
        Ok(store)
    }

    /// Refuses a schema that is not exactly the one this binary was built for.
    pub fn ensure_current(&self) -> Result<(), StoreError> {
        match self.schema_state()? {
            SchemaState::Current => Ok(()),
            SchemaState::Empty => Err(StoreError::NotInitialised),
            SchemaState::Behind(n) => Err(StoreError::SchemaOutdated(n)),
            SchemaState::Ahead => Err(StoreError::SchemaNewer),
        }
    }

    /// The connections in use, idle and waited for, for the server's metrics.
    pub fn pool_state(&self) -> PoolState {
        self.connections.state()
    }

    /// How many connections the pool opens at most.
    pub fn pool_size(&self) -> u32 {
        self.connections.size()
    }

    /// A connection, acting as nobody: on MariaDB a role set for the last
    /// request outlives it, so the connection goes back to the login
    /// account's own role before each use; one cut while idle is replaced.
    fn conn(&self) -> Result<pool::Conn<'_>, StoreError> {
        let mut conn = self.connections.get()?;
        // Known from the first request that acted; before it, every
        // connection is in its default role.
        if let Some(Some(acting)) = self.roles.get()
            && let Some(gate) = &acting.between_requests
            && let Err(e) = raw::mariadb_roles::leave(&mut conn, gate)
        {
            // The first statement on a connection cut while idle.
            if answers(&mut conn) {
                return Err(e);
            }
            *conn = self.connections.reconnect()?;
            raw::mariadb_roles::leave(&mut conn, gate)?;
        }
        Ok(conn)
    }

    pub fn schema_state(&self) -> Result<SchemaState, StoreError> {
        migrations::state(&mut *self.conn()?)
    }

    /// Applies pending migrations; returns the versions applied.
    pub fn migrate(&self) -> Result<Vec<String>, StoreError> {
        migrations::run(&mut *self.conn()?)
    }

    /// Refreshes the planner's statistics: after a bulk load, or when the
    /// tables grew by orders of magnitude since they were last gathered.
    pub fn optimize(&self) -> Result<(), StoreError> {
        raw::analyze(&mut *self.conn()?)
    }

    pub fn backend_name(&self) -> &'static str {
        self.backend
    }

    /// Runs `f` in one write transaction: all of it is committed or none.
    ///
    /// On PostgreSQL a serialization failure or a deadlock (a concurrent
    /// transaction conflicted) rolls everything back and runs `f` again,
    /// after a growing, randomised pause so that the writers who collided do
    /// not collide again. When conflicts persist, the answer is
    /// [`StoreError::Busy`]: nothing was changed.
    pub fn write<T, E>(&self, mut f: impl FnMut(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: TxError + From<StoreError>,
    {
        let mut conn = self.conn()?;
        let mut attempt = 0;
        let mut reconnected = false;
        loop {
            let checked = |c: &mut DbConnection| -> Result<T, E> {
                let outcome = f(c)?;
                if let Some(file) = &self.file {
                    file.still_there()?;
                }
                Ok(outcome)
            };
            let mut committing = false;
            match raw::write_transaction(&mut conn, &mut committing, checked) {
                Err(e) if e.is_serialization_failure() => {
                    if attempt == WRITE_ATTEMPTS {
                        return Err(StoreError::Busy.into());
                    }
                    std::thread::sleep(backoff(attempt));
                    attempt += 1;
                }
                // The connection broke (the server restarted, a failover,
                // an idle connection cut): before the commit nothing was
                // written, so the change is made again on a new one.
                Err(_) if !reconnected && !answers(&mut conn) => {
                    if committing {
                        return Err(StoreError::CommitLost.into());
                    }
                    tracing::warn!("the database connection was lost; writing again on a new one");
                    *conn = self.connections.reconnect()?;
                    reconnected = true;
                }
                outcome => {
                    if outcome.is_ok() {
                        self.connections.wrote();
                    }
                    return outcome;
                }
            }
        }
    }

    /// Runs `f` as one read. On SQLite and MariaDB that is a read
    /// transaction, so what it reads is one consistent state; on SQLite a
    /// read takes no write lock.
    ///
    /// On PostgreSQL a transaction is opened only when the request acts as a
    /// department role, which lasts to the end of one: at its default
    /// isolation (READ COMMITTED) each statement reads its own snapshot, in
    /// a transaction or not, so `BEGIN` and `COMMIT` bought no consistency,
    /// only two round trips of a list's five.
    ///
    /// A connection found broken after a failure (the server restarted, a
    /// failover, an idle connection cut) is replaced, and `f` read again.
    pub fn read<T, E>(&self, mut f: impl FnMut(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut conn = self.conn()?;
        let bare = self.reads_bare(&mut conn)?;
        let mut once = |conn: &mut DbConnection| {
            if bare {
                f(conn)
            } else {
                transaction(conn, &mut f)
            }
        };
        match once(&mut conn) {
            Err(_) if !answers(&mut conn) => {
                tracing::warn!("the database connection was lost; reading again on a new one");
                *conn = self.connections.reconnect()?;
                once(&mut conn)
            }
            outcome => outcome,
        }
    }

    /// Whether a read on `conn` needs no transaction: see [`Store::read`].
    fn reads_bare(&self, conn: &mut DbConnection) -> Result<bool, StoreError> {
        Ok(matches!(conn, DbConnection::Postgres(_)) && self.acting(conn)?.is_none())
    }
}

/// Runs `f` in a transaction on `conn` (a savepoint, inside another): all
/// of it is kept, or, when `f` fails, none.
pub fn transaction<T, E: From<StoreError>>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E> {
    conn.transaction(|c| f(c).map_err(Ended::Work))
        .map_err(Ended::into_error)
}

/// Whether a connection still answers: asked only after a failure, so that
/// the calls that succeed pay no round trip for it.
fn answers(conn: &mut DbConnection) -> bool {
    diesel::r2d2::R2D2Connection::ping(conn).is_ok()
}

/// Opens one connection to the database `url` names, configured for use.
pub(crate) fn establish(url: &DatabaseUrl) -> Result<DbConnection, StoreError> {
    let connect_err = |e: ConnectionError| StoreError::Connect {
        url: url.to_string(),
        // libpq's messages can quote the connection string or parts of the
        // password; and they span lines, which a one-line message must not.
        reason: url
            .scrub(&e.to_string())
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
    };
    Ok(match url {
        DatabaseUrl::Sqlite(path) => {
            let path_str = path
                .to_str()
                .ok_or_else(|| StoreError::BadUrl("the SQLite path is not valid UTF-8".into()))?;
            // A file nobody may write is opened read-only, so that reads work
            // (even for root, whom permissions do not stop) and a write says
            // "read-only" instead of changing a file its owner froze.
            let frozen = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
            let target = if frozen && !path_str.contains(['?', '#', '%']) {
                format!("file:{path_str}?mode=ro")
            } else {
                path_str.to_owned()
            };
            wal::keep_between_processes();
            let mut conn = SqliteConnection::establish(&target).map_err(connect_err)?;
            raw::configure_sqlite(&mut conn).map_err(|e| match e {
                StoreError::Database(ref d)
                    if d.to_string().starts_with("file is not a database") =>
                {
                    StoreError::NotADatabase(path.display().to_string())
                }
                other => other,
            })?;
            DbConnection::Sqlite(conn)
        }
        DatabaseUrl::Mysql(url) => {
            let mut conn = MysqlConnection::establish(url).map_err(connect_err)?;
            raw::configure_mysql(&mut conn)?;
            DbConnection::Mysql(conn)
        }
        DatabaseUrl::Postgres(url) => DbConnection::Postgres(
            PgConnection::establish(&url::for_libpq(url)).map_err(connect_err)?,
        ),
    })
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
