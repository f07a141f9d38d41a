//! PostgreSQL and MariaDB installations with their database roles, and statements
//! tried against them, for the suites that prove the database's own wall.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use super::TestDb;
use epicevents_service::setup::{FirstAccount, Setup};
use epicevents_store::raw::roles;
use epicevents_store::{DbConnection, StoreError};

/// A PostgreSQL installation made by `init` (an account, the roles), and
/// the login role's URL it printed; `None` without a PostgreSQL server.
pub fn postgres() -> Option<(TestDb, String)> {
    TestDb::postgres().map(installed)
}

/// The same on MariaDB; `None` without a MariaDB server.
pub fn mariadb() -> Option<(TestDb, String)> {
    TestDb::mysql().map(installed)
}

fn installed(db: TestDb) -> (TestDb, String) {
    let setup = Setup::open(&db.url).unwrap();
    setup.migrate().unwrap();
    let first = FirstAccount {
        name: "Ada Admin".into(),
        email: "ada@epic.test".into(),
        password: super::MANAGER_PASSWORD.to_owned().into(),
    };
    setup.create_first(first.validate().unwrap()).unwrap();
    let report = setup.install_roles(&db.url, None, true).unwrap();
    let url = secrecy::ExposeSecret::expose_secret(
        report
            .server_database_url
            .as_ref()
            .expect("the login role was created now"),
    )
    .to_owned();
    (db, url)
}

/// The prefix of the installation's roles: its database's name.
pub fn role_prefix(db: &TestDb) -> String {
    match &db.url {
        epicevents_store::DatabaseUrl::Postgres(u) | epicevents_store::DatabaseUrl::Mysql(u) => {
            u.rsplit('/').next().unwrap().to_owned()
        }
        epicevents_store::DatabaseUrl::Sqlite(_) => unreachable!(),
    }
}

pub fn noon() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 6, 1)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

pub fn refused(outcome: QueryResult<usize>) -> bool {
    match outcome {
        Ok(rows) => rows == 0,
        Err(Error::DatabaseError(DatabaseErrorKind::Unknown, info))
            if info.message().contains("permission denied") =>
        {
            true
        }
        Err(Error::DatabaseError(_, info)) if info.message().contains("row-level security") => true,
        // MariaDB: "INSERT command denied to user …", "… for column 'x' …".
        Err(Error::DatabaseError(_, info)) if info.message().contains("command denied") => true,
        // Privileges are checked before a statement runs: one that reaches a
        // foreign key (deleting an account that still owns records, which
        // row-level security would have hidden) was let through by them.
        Err(Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => false,
        Err(e) => panic!("a probe failed for another reason than a refusal: {e}"),
    }
}

/// A statement tried as the login role: the rows it touched (plus one, so
/// that touching none still counts as "let through").
pub type Statement = fn(&mut DbConnection) -> QueryResult<usize>;

/// Runs `probe` in a savepoint that is then rolled back (as `role`, acting
/// for `actor`, when given); whether the database let it through.
pub fn tried(
    c: &mut DbConnection,
    role: Option<(&str, i32)>,
    probe: impl FnOnce(&mut DbConnection) -> Option<QueryResult<usize>>,
) -> Option<bool> {
    let mut seen = None;
    let _ = c.transaction(|c| -> Result<(), StoreError> {
        if let Some((role, actor)) = role {
            roles::assume(c, role, actor)?;
        }
        seen = probe(c).map(|o| !refused(o));
        Err(StoreError::Database(Error::RollbackTransaction))
    });
    seen
}
