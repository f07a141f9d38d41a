//! Test fixtures: a fresh database per test, on SQLite always and on
//! PostgreSQL and MySQL when `EPICEVENTS_TEST_POSTGRES_URL` and
//! `EPICEVENTS_TEST_MYSQL_URL` name servers.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::QueryResult;
use epicevents_service::setup::{FirstAccount, Setup};
use epicevents_service::{Clock, Config, Services, SessionToken};
use epicevents_store::{DatabaseUrl, DbConnection, OpenMode, Store, StoreError, raw};
use secrecy::SecretString;

pub const POSTGRES_ENV: &str = "EPICEVENTS_TEST_POSTGRES_URL";
pub const MYSQL_ENV: &str = "EPICEVENTS_TEST_MYSQL_URL";
pub const MANAGER_PASSWORD: &str = "manager's long passphrase";

/// A database that exists for one test and is removed after it.
pub struct TestDb {
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    /// The server and the database made on it for this test.
    on_server: Option<(String, String)>,
    /// PostgreSQL: the login role's URL `init` printed, which servers
    /// started on this database connect with (roles on, as deployed).
    server_database_url: Mutex<Option<String>>,
}

impl TestDb {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = DatabaseUrl::Sqlite(dir.path().join("crm.sqlite3"));
        Self {
            url,
            _dir: Some(dir),
            on_server: None,
            server_database_url: Mutex::new(None),
        }
    }

    /// An SQLite database in `dir`, which the caller keeps (a small
    /// filesystem, say).
    pub fn sqlite_in(dir: &std::path::Path) -> Self {
        Self {
            url: DatabaseUrl::Sqlite(dir.join("crm.sqlite3")),
            _dir: None,
            on_server: None,
            server_database_url: Mutex::new(None),
        }
    }

    /// `None` when no PostgreSQL server is configured.
    pub fn postgres() -> Option<Self> {
        Self::on_server(POSTGRES_ENV)
    }

    /// `None` when no MySQL or MariaDB server is configured.
    pub fn mysql() -> Option<Self> {
        Self::on_server(MYSQL_ENV)
    }

    /// A database of its own on the server the variable `env` names.
    fn on_server(env: &str) -> Option<Self> {
        let server = std::env::var(env).ok().filter(|s| !s.is_empty())?;
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).unwrap();
        let name = format!(
            "epicevents_test_{}",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        raw::create_test_database(&server, &name).expect("create the test database");
        let url = with_database(&server, &name);
        Some(Self {
            url: DatabaseUrl::parse(&url).unwrap(),
            _dir: None,
            on_server: Some((server, name)),
            server_database_url: Mutex::new(None),
        })
    }

    pub fn url_string(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(p) => p.display().to_string(),
            DatabaseUrl::Postgres(u) | DatabaseUrl::Mysql(u) => u.clone(),
        }
    }

    /// Remembers the URL `init` printed for the server.
    pub fn set_server_database_url(&self, url: &str) {
        *self.server_database_url.lock().unwrap() = Some(url.to_owned());
    }

    /// The URL a server started on this database connects with: the login
    /// role's when `init` made one, else the administrator's.
    pub fn serve_url(&self) -> String {
        self.server_database_url
            .lock()
            .unwrap()
            .clone()
            .unwrap_or_else(|| self.url_string())
    }

    pub fn store(&self) -> Store {
        Store::open(&self.url, OpenMode::MustExist).expect("open the store")
    }

    /// Reads with a Diesel query written by the test.
    pub fn query<T>(&self, mut f: impl FnMut(&mut DbConnection) -> QueryResult<T>) -> T {
        self.store()
            .read(|c| f(c).map_err(StoreError::from))
            .expect("the test's query")
    }

    /// Cuts every connection to this database, as a server restart would;
    /// how many there were. SQLite has none to cut.
    pub fn cut_connections(&self) -> usize {
        match &self.on_server {
            Some((server, name)) => {
                raw::cut_test_connections(server, name).expect("cut the connections")
            }
            None => 0,
        }
    }

    /// On PostgreSQL, lets no new connection in (or lets them in again).
    pub fn accept_connections(&self, open: bool) {
        if let Some((server, name)) = &self.on_server {
            raw::open_test_database(server, name, open).expect("open or close the database");
        }
    }

    /// Writes with a Diesel statement written by the test, in one transaction.
    pub fn execute<T>(&self, mut f: impl FnMut(&mut DbConnection) -> QueryResult<T>) -> T {
        self.store()
            .write(|c| f(c).map_err(StoreError::from))
            .expect("the test's statement")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.on_server {
            let _ = raw::drop_test_database(server, name);
            // Roles are the cluster's: those `init` made for this database go too.
            let _ = raw::roles::drop_test_roles(server, name);
        }
    }
}

/// The server URL with its database replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let (scheme, rest) = server.split_once("://").expect("a URL");
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let query = tail.find('?').map(|i| &tail[i..]).unwrap_or("");
    format!("{scheme}://{authority}/{name}{query}")
}

/// Runs each test body once per backend: `sqlite` always, `postgres` and `mysql` when configured.
#[macro_export]
macro_rules! on_every_backend {
    ($( $(#[$doc:meta])* fn $name:ident($db:ident: &TestDb) $body:block )+) => {
        $(
            $(#[$doc])*
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                fn body($db: &$crate::common::TestDb) $body
                #[test]
                fn sqlite() {
                    body(&$crate::common::TestDb::sqlite());
                }
                #[test]
                fn postgres() {
                    match $crate::common::TestDb::postgres() {
                        Some(db) => body(&db),
                        None => eprintln!("skipped: {} is not set", $crate::common::POSTGRES_ENV),
                    }
                }
                #[test]
                fn mysql() {
                    match $crate::common::TestDb::mysql() {
                        Some(db) => body(&db),
                        None => eprintln!("skipped: {} is not set", $crate::common::MYSQL_ENV),
                    }
                }
            }
        )+
    };
}

/// Runs each black-box test body on every backend and in both modes: on the
/// database directly, and through a server.
#[macro_export]
macro_rules! in_both_modes {
    ($( $(#[$doc:meta])* fn $name:ident($db:ident: &TestDb, $mode:ident: Mode) $body:block )+) => {
        $(
            $(#[$doc])*
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                use $crate::common::machine::Mode;
                fn body($db: &$crate::common::TestDb, $mode: Mode) $body
                #[test]
                fn sqlite_local() {
                    body(&$crate::common::TestDb::sqlite(), Mode::Local);
                }
                #[test]
                fn sqlite_server() {
                    body(&$crate::common::TestDb::sqlite(), Mode::Server);
                }
                #[test]
                fn postgres_local() {
                    match $crate::common::TestDb::postgres() {
                        Some(db) => body(&db, Mode::Local),
                        None => eprintln!("skipped: {} is not set", $crate::common::POSTGRES_ENV),
                    }
                }
                #[test]
                fn postgres_server() {
                    match $crate::common::TestDb::postgres() {
                        Some(db) => body(&db, Mode::Server),
                        None => eprintln!("skipped: {} is not set", $crate::common::POSTGRES_ENV),
                    }
                }
                #[test]
                fn mysql_local() {
                    match $crate::common::TestDb::mysql() {
                        Some(db) => body(&db, Mode::Local),
                        None => eprintln!("skipped: {} is not set", $crate::common::MYSQL_ENV),
                    }
                }
                #[test]
                fn mysql_server() {
                    match $crate::common::TestDb::mysql() {
                        Some(db) => body(&db, Mode::Server),
                        None => eprintln!("skipped: {} is not set", $crate::common::MYSQL_ENV),
                    }
                }
            }
        )+
    };
}

/// A clock the test moves by hand.
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<NaiveDateTime>>);

impl TestClock {
    pub fn new() -> Self {
        let start = NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        Self(Arc::new(Mutex::new(start)))
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }

    pub fn now(&self) -> NaiveDateTime {
        *self.0.lock().unwrap()
    }

    pub fn clock(&self) -> Clock {
        let inner = self.0.clone();
        Arc::new(move || *inner.lock().unwrap())
    }
}

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

/// An initialised database with one management account, and services on it.
pub struct World {
    pub services: Services,
    pub clock: TestClock,
}

impl World {
    pub fn new(db: &TestDb) -> Self {
        let clock = TestClock::new();
        let setup = Setup::open(&db.url).unwrap().with_clock(clock.clock());
        setup.migrate().unwrap();
        setup
            .create_first(
                FirstAccount {
                    name: "Ada Manager".into(),
                    email: "ada@epic.test".into(),
                    password: secret(MANAGER_PASSWORD),
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        let store = Store::open_current(&db.url).unwrap();
        Self {
            services: Services::new(store, clock.clock(), Config::default()),
            clock,
        }
    }

    pub fn login(&mut self, email: &str, password: &str) -> SessionToken {
        self.services
            .login(email, &secret(password), epicevents_service::LOCAL_SOURCE)
            .expect("login")
            .token
    }

    pub fn manager(&mut self) -> SessionToken {
        self.login("ada@epic.test", MANAGER_PASSWORD)
    }

    /// Creates an account as the manager and logs it in.
    pub fn hire(&mut self, name: &str, email: &str, department: &str) -> (i32, SessionToken) {
        let manager = self.manager();
        let password = format!("{name}'s passphrase");
        let c = self
            .services
            .create_collaborator(
                Some(&manager),
                epicevents_service::NewCollaborator {
                    name: name.into(),
                    email: email.into(),
                    department: department.into(),
                    password: secret(&password),
                },
            )
            .expect("create collaborator");
        (c.id.0, self.login(email, &password))
    }
}

/// The brief's example client, as sales type it.
/// Whether `c` is inside a transaction Diesel opened (it issues `BEGIN`).
pub fn in_transaction(c: &mut epicevents_store::DbConnection) -> bool {
    use diesel::connection::{Connection, TransactionManager};
    type Manager = <epicevents_store::DbConnection as Connection>::TransactionManager;
    Manager::transaction_manager_status_mut(c)
        .transaction_depth()
        .is_ok_and(|depth| depth.is_some())
}

pub fn kevin() -> epicevents_service::NewClient {
    epicevents_service::NewClient {
        name: "Kevin Casey".into(),
        email: "kevin@startup.io".into(),
        phone: "+678 123 456 78".into(),
        company: "Cool Startup LLC".into(),
        allow_duplicate: false,
    }
}

pub fn auth_error(e: epicevents_service::ServiceError) -> epicevents_service::AuthError {
    match e {
        epicevents_service::ServiceError::Auth(a) => a,
        other => panic!("expected an authentication error, got {other:?}"),
    }
}

pub fn audit_actions(db: &TestDb) -> Vec<(String, String, Option<String>)> {
    let store = db.store();
    let mut rows = store
        .read(|c| epicevents_store::audit::recent(c, 1000))
        .unwrap();
    rows.reverse();
    rows.into_iter()
        .map(|r| (r.action, r.outcome, r.detail))
        .collect()
}

/// Payloads aimed at SQL built from text, in the forms attackers use.
pub const SQL_PAYLOADS: &[&str] = &[
    "'",
    "''",
    "\"",
    "' OR 1=1 --",
    "' OR '1'='1",
    "1; DROP TABLE clients; --",
    "'); DROP TABLE events; --",
    "Robert'); DELETE FROM collaborators; --",
    "x' UNION SELECT password_hash FROM collaborators --",
    "/* comment */ SELECT 1",
    "-- ",
    "\\'; --",
    "%' AND 1=1 --",
    "a\0b",
    "\0",
    "Ã(",
    "\u{fffd}\u{feff}\u{202e}reversed",
];

pub mod machine;
pub mod records;
pub mod roles;
pub mod server;
pub mod smtp;

/// A collaborator list of one department.
pub fn department(name: &str) -> epicevents_service::CollaboratorQuery {
    epicevents_service::CollaboratorQuery {
        department: Some(name.to_owned()),
        ..Default::default()
    }
}

/// Another process's hold on SQLite's write lock, as `while_sqlite_is_locked`
/// gives it to the code that runs meanwhile.
pub struct WriteLock<'a> {
    release: &'a std::sync::Barrier,
    released: std::cell::Cell<bool>,
}

impl WriteLock<'_> {
    /// Lets the writers waiting on the lock go on.
    pub fn release(&self) {
        if !self.released.replace(true) {
            self.release.wait();
        }
    }
}

/// Runs `during` while another connection holds the write lock of the
/// SQLite database at `path` (released when `during` says so, or returns).
pub fn while_sqlite_is_locked<T>(
    path: &std::path::Path,
    during: impl FnOnce(&WriteLock<'_>) -> T,
) -> T {
    use diesel::{Connection, SqliteConnection};
    let mut holder = SqliteConnection::establish(path.to_str().unwrap()).unwrap();
    let (locked, release) = (std::sync::Barrier::new(2), std::sync::Barrier::new(2));
    std::thread::scope(|scope| {
        scope.spawn(|| {
            holder
                .immediate_transaction(|_| {
                    locked.wait();
                    release.wait();
                    QueryResult::Ok(())
                })
                .unwrap();
        });
        locked.wait();
        let lock = WriteLock {
            release: &release,
            released: std::cell::Cell::new(false),
        };
        // Released even when `during` fails, or the holder would wait
        // forever and the failure never be reported.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| during(&lock)));
        lock.release();
        outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
