//! The one reviewed place where SQL text is written by hand.
//!
//! Everything here is a constant string or, for test databases, an identifier
//! this code generated and checked itself. Nothing typed by a user reaches it.
//! `clippy.toml` forbids `sql_query`, `dsl::sql` and `batch_execute` elsewhere.
#![allow(clippy::disallowed_methods)]

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::{MysqlConnection, PgConnection, SqliteConnection};

use super::StoreError;

#[cfg(feature = "test-support")]
pub mod catalogue;
#[cfg(feature = "test-support")]
pub mod credential_probes;
pub mod figures;
pub mod mariadb_credentials;
pub mod mariadb_roles;
mod prepared;
pub mod roles;
#[cfg(feature = "test-support")]
mod test_databases;

#[cfg(feature = "test-support")]
pub use test_databases::{
    create_test_database, cut_test_connections, drop_test_database, explain, open_test_database,
};

/// A connection to either backend. Queries written once run on both.
///
/// Defined here because the derive forwards `batch_execute` to the inner
/// connection, which the lint would otherwise flag wherever this lives.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
    Mysql(MysqlConnection),
}

/// Every MySQL or MariaDB connection: times are UTC as everywhere else (the
/// columns hold no zone, and `NOW()` is never used, but a server's zone must
/// not shift what a driver converts); a value that does not fit its column
/// is an error, never silently cut (`STRICT_ALL_TABLES`); text is utf8mb4.
pub(super) fn configure_mysql(conn: &mut MysqlConnection) -> Result<(), StoreError> {
    conn.batch_execute(
        "SET time_zone = '+00:00', \
         sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', \
         NAMES utf8mb4 COLLATE utf8mb4_bin",
    )?;
    Ok(())
}

pub(super) fn configure_sqlite(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    // WAL lets readers proceed while one writer writes; NORMAL is durable
    // across application crashes and the usual choice with WAL.
    conn.batch_execute(concat!(
        "PRAGMA busy_timeout = 5000;",
        "PRAGMA journal_mode = WAL;",
        "PRAGMA synchronous = NORMAL;",
        "PRAGMA foreign_keys = ON;",
        // The log is kept between processes (see `wal`); this bounds what a
        // bulk write leaves of it.
        "PRAGMA journal_size_limit = 4194304;",
    ))?;
    Ok(())
}

/// Zero, written into the statement instead of bound: a partial index
/// (`contracts_unpaid`) serves only a statement whose condition implies
/// its own, which a planner cannot tell of a value it is not shown
/// (SQLite plans before binding; PostgreSQL's generic plans never see it).
pub fn zero() -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
    diesel::dsl::sql("0")
}

/// Gathers the query planner's statistics on every table, so it picks the
/// index that serves a list's sort even when another one serves its filter.
/// On PostgreSQL, VACUUM also marks the freshly written pages all-visible,
/// so that counts read the index alone instead of visiting every row.
pub(super) fn analyze(conn: &mut DbConnection) -> Result<(), StoreError> {
    match conn {
        DbConnection::Sqlite(c) => c.batch_execute("ANALYZE")?,
        DbConnection::Postgres(c) => c.batch_execute("VACUUM (ANALYZE)")?,
        DbConnection::Mysql(c) => c.batch_execute(
            "ANALYZE TABLE collaborators, sessions, audit_log, clients, contracts, events, login_attempts",
        )?,
    }
    Ok(())
}

#[derive(QueryableByName)]
struct InsertedId {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// One budgeted password check on PostgreSQL or MariaDB: see
/// [`crate::unguarded::logins::spend_and_read`].
pub(crate) fn password_check(
    conn: &mut DbConnection,
    subject: &str,
    source: &str,
    now: chrono::NaiveDateTime,
    lockout: crate::collaborators::Lockout,
) -> Result<crate::unguarded::logins::Budgeted, StoreError> {
    match conn {
        DbConnection::Postgres(pg) => roles::password_check(pg, subject, source, now, lockout),
        DbConnection::Mysql(_) => {
            mariadb_credentials::password_check(conn, subject, source, now, lockout)
        }
        DbConnection::Sqlite(_) => Err(StoreError::Migration(
            "SQLite checks passwords without a database function".into(),
        )),
    }
}

/// When the session a token's hash named would have expired, if that
/// session ended (a tombstone its deletion left, migrations 17 and 18),
/// through the function that alone reads them on PostgreSQL and MariaDB.
pub(crate) fn ended_session(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<chrono::NaiveDateTime>, StoreError> {
    use diesel::sql_types::{Nullable, Text, Timestamp};
    #[derive(QueryableByName)]
    struct Ended {
        #[diesel(sql_type = Nullable<Timestamp>)]
        expires_at: Option<chrono::NaiveDateTime>,
    }
    let query = match conn {
        DbConnection::Postgres(_) => "SELECT epicevents_ended_session($1) AS expires_at",
        DbConnection::Mysql(_) => "SELECT epicevents_ended_session(?) AS expires_at",
        DbConnection::Sqlite(_) => {
            return Err(StoreError::Migration(
                "SQLite reads ended sessions without a database function".into(),
            ));
        }
    };
    let row: Ended = diesel::sql_query(query)
        .bind::<Text, _>(token_hash)
        .get_result(conn)?;
    Ok(row.expires_at)
}

/// The id this connection's last insert generated. MySQL has no
/// `RETURNING`, so every backend learns a new row's id this one way, right
/// after the insert: `last_insert_rowid()`, `lastval()`, `LAST_INSERT_ID()`,
/// each kept per connection, so concurrent inserts never see each other's.
pub fn last_insert_id(conn: &mut DbConnection) -> Result<i32, StoreError> {
    let query = match conn {
        DbConnection::Sqlite(_) => "SELECT last_insert_rowid() AS id",
        DbConnection::Postgres(_) => "SELECT lastval() AS id",
        DbConnection::Mysql(_) => "SELECT CAST(LAST_INSERT_ID() AS SIGNED) AS id",
    };
    let row: InsertedId = diesel::sql_query(query).get_result(conn)?;
    i32::try_from(row.id)
        .map_err(|_| StoreError::Migration(format!("id {} is out of range", row.id)))
}

/// After an import has written many rows, inside its transaction (which
/// the statistics then count): PostgreSQL's planner would otherwise plan
/// for the tables as they were until autovacuum comes by. Through a
/// function that runs as the tables' owner, the only role that may. SQLite
/// gets the same from `PRAGMA optimize` when the connection closes.
pub(crate) fn refresh_statistics(conn: &mut DbConnection) -> Result<(), StoreError> {
    if let DbConnection::Postgres(c) = conn {
        c.batch_execute("SELECT epicevents_analyze_imported()")?;
    }
    Ok(())
}

/// Before a command's connection closes after writes: SQLite's `PRAGMA
/// optimize` analyses only the tables whose statistics the writes made stale.
pub(super) fn optimize_on_close(conn: &mut DbConnection) -> Result<(), StoreError> {
    if let DbConnection::Sqlite(c) = conn {
        c.batch_execute("PRAGMA optimize")?;
    }
    Ok(())
}

/// SQLite's advice for every connection: optimize when opening (0x10002:
/// every table, also those never analysed). It analyses only the tables
/// whose statistics are stale, within an analysis limit of its own, so
/// that it is quick on large tables too; for a server's long-lived
/// connections the statistics are then refreshed as the tables grow.
///
/// PostgreSQL keeps its default of planning a prepared statement for its
/// bound values: a generic plan cannot see a page's `LIMIT 50`, assumes a
/// tenth of the table, and at a million rows chose a parallel scan that took
/// 38 ms where the planned one takes under one.
pub(super) fn optimize_on_open(conn: &mut DbConnection) -> Result<(), StoreError> {
    if let DbConnection::Sqlite(c) = conn {
        // Never waiting for another writer: refreshing statistics is not
        // worth holding up the command (or the server), nor taking the
        // lock a writer waits for; the next connection tries again.
        // Then back to the 5 s `configure_sqlite` set.
        c.batch_execute("PRAGMA busy_timeout = 0")?;
        let optimized = c.batch_execute("PRAGMA optimize = 0x10002");
        c.batch_execute("PRAGMA busy_timeout = 5000")?;
        optimized?;
    }
    Ok(())
}

/// A Diesel query inside fixed SQL text: `before query after`, its SQL and
/// bound parameters Diesel's own, its rows of type `ST`.
pub(crate) struct Wrapped<Q, ST> {
    query: Q,
    before: &'static str,
    after: &'static str,
    rows: std::marker::PhantomData<ST>,
}

impl<Q, ST: 'static> diesel::query_builder::Query for Wrapped<Q, ST>
where
    ST: diesel::sql_types::SqlType,
{
    type SqlType = ST;
}

impl<Q, ST, DB> diesel::query_builder::QueryFragment<DB> for Wrapped<Q, ST>
where
    DB: diesel::backend::Backend,
    Q: diesel::query_builder::QueryFragment<DB>,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        out.push_sql(self.before);
        self.query.walk_ast(out.reborrow())?;
        out.push_sql(self.after);
        Ok(())
    }
}

impl<Q, ST, Conn> RunQueryDsl<Conn> for Wrapped<Q, ST> {}

/// The text around the query is not in the type, so the type cannot name the
/// statement: prepared statements are cached by their SQL instead.
impl<Q, ST> diesel::query_builder::QueryId for Wrapped<Q, ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

fn wrapped<Q, ST>(before: &'static str, query: Q, after: &'static str) -> Wrapped<Q, ST> {
    Wrapped {
        query,
        before,
        after,
        rows: std::marker::PhantomData,
    }
}

/// `SELECT COUNT(*) FROM (query) AS counted`: counts the rows `query`
/// returns, so a `LIMIT` inside it bounds the work (Diesel's `count()` puts
/// the limit on the one-row result instead).
pub(crate) fn count_of<Q>(query: Q) -> Wrapped<Q, diesel::sql_types::BigInt> {
    wrapped("SELECT COUNT(*) FROM (", query, ") AS counted")
}

/// `SELECT (SELECT COUNT(*) FROM (count) AS counted), paged.* FROM (page)
/// AS paged`: a page and its footer's count in one statement, one round
/// trip to PostgreSQL where they took two. The count is a sub-select of no
/// row of the page, computed once; each row carries it. PostgreSQL only:
/// MariaDB refuses a derived table whose columns repeat a name (a page's
/// joined `id`s), and on SQLite a statement costs no round trip. A derived
/// table of one sorted sub-select keeps its order there (nothing joins or
/// groups it again).
pub(crate) struct WithCount<P, C> {
    page: P,
    count: C,
}

pub(crate) fn with_count<P, C>(page: P, count: C) -> WithCount<P, C> {
    WithCount { page, count }
}

impl<P: diesel::query_builder::Query, C> diesel::query_builder::Query for WithCount<P, C> {
    // The count first: Diesel reads a nested row (the page's, of
    // selectables) only in a tuple's last place.
    type SqlType = (diesel::sql_types::BigInt, P::SqlType);
}

impl<P, C, DB> diesel::query_builder::QueryFragment<DB> for WithCount<P, C>
where
    DB: diesel::backend::Backend,
    P: diesel::query_builder::QueryFragment<DB>,
    C: diesel::query_builder::QueryFragment<DB>,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        out.push_sql("SELECT (SELECT COUNT(*) FROM (");
        self.count.walk_ast(out.reborrow())?;
        out.push_sql(") AS counted), paged.* FROM (");
        self.page.walk_ast(out.reborrow())?;
        out.push_sql(") AS paged");
        Ok(())
    }
}

impl<P, C, Conn> RunQueryDsl<Conn> for WithCount<P, C> {}

/// Named by its SQL, as its parts are.
impl<P, C> diesel::query_builder::QueryId for WithCount<P, C> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

/// A page's bounds written into the statement as numbers, where Diesel
/// binds them: PostgreSQL re-plans a prepared statement whose `LIMIT` is a
/// parameter at every execution (a generic plan cannot know how few rows
/// are wanted, so it is never chosen), and planning the list queries cost
/// more than running them. With the numbers in the text, a list's first
/// page is planned once per connection. Only a first page of at most
/// [`CACHED_LIMIT`] rows is kept prepared, so that the statements a
/// connection keeps stay few; any other is prepared and planned each time,
/// as every page was before. The numbers are `i64`s: nothing else reaches
/// the text.
pub(crate) struct Bounded<Q> {
    query: Q,
    limit: i64,
    offset: i64,
}

/// The longest page kept prepared: the count's cap and one more row.
pub(crate) const CACHED_LIMIT: i64 = epicevents_domain::COUNT_LIMIT + 1;

pub(crate) fn bounded<Q>(query: Q, limit: i64, offset: i64) -> Bounded<Q> {
    Bounded {
        query,
        limit,
        offset,
    }
}

impl<Q: diesel::query_builder::Query> diesel::query_builder::Query for Bounded<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, DB> diesel::query_builder::QueryFragment<DB> for Bounded<Q>
where
    DB: diesel::backend::Backend,
    Q: diesel::query_builder::QueryFragment<DB>,
{
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, DB>,
    ) -> QueryResult<()> {
        if self.offset != 0 || !(0..=CACHED_LIMIT).contains(&self.limit) {
            out.unsafe_to_cache_prepared();
        }
        self.query.walk_ast(out.reborrow())?;
        out.push_sql(&format!(" LIMIT {} OFFSET {}", self.limit, self.offset));
        Ok(())
    }
}

impl<Q, Conn> RunQueryDsl<Conn> for Bounded<Q> {}

/// Named by its SQL, which carries the numbers.
impl<Q> diesel::query_builder::QueryId for Bounded<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

diesel::infix_operator!(Matches, " MATCH ");

/// `column MATCH query`: an FTS5 full-text query (SQLite only), the query
/// bound as a parameter.
pub(crate) fn matches<C, Q>(column: C, query: Q) -> Matches<C, Q::Expression>
where
    C: Expression<SqlType = diesel::sql_types::Text>,
    Q: diesel::expression::AsExpression<diesel::sql_types::Text>,
{
    Matches::new(column, query.as_expression())
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
    committing: &mut bool,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<StoreError>,
{
    written(conn, committing, f).map_err(crate::Ended::into_error)
}

fn written<T, E>(
    conn: &mut DbConnection,
    committing: &mut bool,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, crate::Ended<E>> {
    match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        DbConnection::Postgres(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN ISOLATION LEVEL SERIALIZABLE")?
        }
        // InnoDB's SERIALIZABLE reads with shared locks, so a rule read
        // before a write holds; a conflict is a deadlock, which is retried.
        DbConnection::Mysql(c) => {
            c.batch_execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")?;
            AnsiTransactionManager::begin_transaction_sql(c, "START TRANSACTION")?
        }
    }
    let outcome = f(conn).map_err(crate::Ended::Work);
    // From here a lost connection may or may not have committed.
    *committing = outcome.is_ok();
    let end = match &outcome {
        Ok(_) => per_backend!(conn, c => AnsiTransactionManager::commit_transaction(c)),
        Err(_) => per_backend!(conn, c => AnsiTransactionManager::rollback_transaction(c)),
    };
    end?;
    outcome
}

#[cfg(test)]
mod tests {
    use diesel::pg::Pg;
    use diesel::prelude::*;
    use diesel::query_builder::QueryFragment;

    use super::bounded;
    use crate::schema::clients;

    #[test]
    fn a_first_page_is_planned_once_and_any_other_each_time() {
        let page = |limit, offset| bounded(clients::table.select(clients::id), limit, offset);
        let sql = diesel::debug_query::<Pg, _>(&page(51, 0)).to_string();
        assert!(sql.ends_with(" LIMIT 51 OFFSET 0 -- binds: []"), "{sql}");
        let kept = |q: &dyn QueryFragment<Pg>| q.is_safe_to_cache_prepared(&Pg).unwrap();
        assert!(kept(&page(51, 0)));
        assert!(kept(&page(super::CACHED_LIMIT, 0)));
        assert!(!kept(&page(super::CACHED_LIMIT + 1, 0)), "a long export");
        assert!(!kept(&page(51, 50)), "a page past the first, by offset");
    }
}
