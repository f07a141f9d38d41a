//! Where a store's connections come from: one connection for a
//! command-line process, a pool for the server.

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use diesel::r2d2::{ManageConnection, Pool, PooledConnection, R2D2Connection};

use crate::{DatabaseUrl, DbConnection, StoreError, establish};

/// How many connections a store keeps at most, and how long a caller waits
/// for one.
#[derive(Debug, Clone, Copy)]
pub struct PoolSize {
    pub max: u32,
    pub wait: std::time::Duration,
}

impl Default for PoolSize {
    /// One connection: a command-line process does one thing at a time.
    fn default() -> Self {
        Self {
            max: 1,
            wait: std::time::Duration::from_secs(10),
        }
    }
}

#[derive(Clone)]
pub(crate) enum Connections {
    /// One connection, taken in turn. A pool would start three maintenance
    /// threads, each with its own allocator arena: a third of a short
    /// command's time, for a process that never holds two connections.
    One { url: DatabaseUrl, conn: Arc<One> },
    Pool {
        pool: Pool<Manager>,
        /// How many callers wait for a connection now.
        waiting: Arc<std::sync::atomic::AtomicU64>,
        url: DatabaseUrl,
    },
}

/// The pool's connections now: in use, open and idle, and how many callers
/// wait for one.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoolState {
    pub in_use: u64,
    pub idle: u64,
    pub waiting: u64,
}

impl Connections {
    /// Adopts `first`, the connection `Store::open` made to check the URL.
    pub(crate) fn new(url: &DatabaseUrl, mut first: DbConnection, size: PoolSize) -> Self {
        if size.max <= 1 {
            // Statistics gathered when the tables were small (a bulk load
            // by script, a restore) made a first page take seconds, not
            // milliseconds: refreshed here when SQLite finds them stale, a
            // check that costs nothing when they are not. Best effort: a
            // read-only file keeps its statistics, and its plans.
            let _ = crate::raw::optimize_on_open(&mut first);
            return Self::One {
                url: url.clone(),
                conn: Arc::new(One {
                    conn: Mutex::new(first),
                    wrote: AtomicBool::new(false),
                }),
            };
        }
        let manager = Manager {
            url: url.clone(),
            first: Mutex::new(Some(first)),
        };
        Self::Pool {
            pool: Pool::builder()
                .max_size(size.max)
                .min_idle(Some(0))
                .connection_timeout(size.wait)
                // A broken connection is noticed on use (`has_broken`); testing
                // each one before handing it out would cost a round trip per call.
                .test_on_check_out(false)
                .build_unchecked(manager),
            waiting: Arc::default(),
            url: url.clone(),
        }
    }

    pub(crate) fn get(&self) -> Result<Conn<'_>, StoreError> {
        match self {
            Self::One { url, conn } => {
                let mut guard = conn.conn.lock().unwrap_or_else(PoisonError::into_inner);
                // A server that went away and came back: connect again
                // rather than fail every later call.
                if R2D2Connection::is_broken(&mut *guard) {
                    *guard = establish(url)?;
                }
                Ok(Conn::One(guard))
            }
            Self::Pool { pool, waiting, .. } => {
                waiting.fetch_add(1, Ordering::Relaxed);
                let got = pool.get();
                waiting.fetch_sub(1, Ordering::Relaxed);
                got.map(Conn::Pooled)
                    .map_err(|e| StoreError::Unavailable(e.to_string()))
            }
        }
    }

    /// How many connections there may be at once.
    pub(crate) fn size(&self) -> u32 {
        match self {
            Self::One { .. } => 1,
            Self::Pool { pool, .. } => pool.max_size(),
        }
    }

    /// A new connection to the same database, for one that broke.
    pub(crate) fn reconnect(&self) -> Result<DbConnection, StoreError> {
        let url = match self {
            Self::One { url, .. } => url,
            Self::Pool { url, .. } => url,
        };
        establish(url)
    }

    pub(crate) fn state(&self) -> PoolState {
        match self {
            Self::One { .. } => PoolState::default(),
            Self::Pool { pool, waiting, .. } => {
                let state = pool.state();
                PoolState {
                    in_use: u64::from(state.connections - state.idle_connections),
                    idle: u64::from(state.idle_connections),
                    waiting: waiting.load(Ordering::Relaxed),
                }
            }
        }
    }

    /// Notes that a write committed, for the statistics' refresh at close.
    pub(crate) fn wrote(&self) {
        if let Self::One { conn, .. } = self {
            conn.wrote.store(true, Ordering::Relaxed);
        }
    }
}

/// A command's one connection, and whether it wrote.
pub(crate) struct One {
    conn: Mutex<DbConnection>,
    wrote: AtomicBool,
}

impl Drop for One {
    /// What SQLite advises for short-lived connections: refresh the
    /// planner's statistics where the writes made them stale. After reads
    /// there is nothing to refresh, and a read-only command stays one.
    fn drop(&mut self) {
        if *self.wrote.get_mut() {
            let conn = self.conn.get_mut().unwrap_or_else(PoisonError::into_inner);
            // Best effort: stale statistics cost speed, never correctness.
            let _ = crate::raw::optimize_on_close(conn);
        }
    }
}

/// A connection taken from a store, given back when dropped.
pub(crate) enum Conn<'a> {
    One(MutexGuard<'a, DbConnection>),
    Pooled(PooledConnection<Manager>),
}

impl Deref for Conn<'_> {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        match self {
            Conn::One(c) => c,
            Conn::Pooled(c) => c,
        }
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut DbConnection {
        match self {
            Conn::One(c) => c,
            Conn::Pooled(c) => c,
        }
    }
}

/// Makes the pool's connections: the one `Store::open` made first, then new ones.
pub(crate) struct Manager {
    url: DatabaseUrl,
    first: Mutex<Option<DbConnection>>,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = StoreError;

    fn connect(&self) -> Result<DbConnection, StoreError> {
        let adopted = self
            .first
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let mut conn = match adopted {
            Some(conn) => conn,
            None => establish(&self.url)?,
        };
        // Best effort: a read-only SQLite file cannot be analysed, and stale
        // statistics only cost speed.
        let _ = crate::raw::optimize_on_open(&mut conn);
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        Ok(R2D2Connection::ping(conn)?)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        R2D2Connection::is_broken(conn)
    }
}
