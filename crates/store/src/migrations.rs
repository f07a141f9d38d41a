//! The schema's migrations, embedded per backend, and how a database's
//! schema compares with this binary's.

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DbConnection, StoreError};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const MYSQL: EmbeddedMigrations = embed_migrations!("migrations/mysql");

/// How a database's schema compares with the one this binary was built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaState {
    /// No migration applied: a new, empty database.
    Empty,
    Current,
    /// This many migrations are pending.
    Behind(usize),
    /// The database holds migrations this binary does not know.
    Ahead,
}

fn migration_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Migration(e.to_string())
}

fn state_of<C>(conn: &mut C, source: &EmbeddedMigrations) -> Result<SchemaState, StoreError>
where
    C: MigrationHarness<C::Backend> + diesel::Connection,
{
    use diesel::migration::{Migration, MigrationSource};
    let known: Vec<_> = MigrationSource::<C::Backend>::migrations(source)
        .map_err(migration_err)?
        .iter()
        .map(|m| m.name().version().as_owned())
        .collect();
    let applied = conn.applied_migrations().map_err(migration_err)?;
    Ok(classify(&applied, &known))
}

diesel::table! {
    /// Diesel's record of the migrations applied.
    __diesel_schema_migrations (version) {
        version -> Text,
    }
}

/// The schema's state from one plain read of the migrations table. Diesel's
/// own check first sends `CREATE TABLE IF NOT EXISTS` for it: a catalog
/// round trip on PostgreSQL for every command. Only a database where the
/// read fails (no such table yet) takes that way.
pub(super) fn state(conn: &mut DbConnection) -> Result<SchemaState, StoreError> {
    use diesel::prelude::*;
    let applied = __diesel_schema_migrations::table
        .select(__diesel_schema_migrations::version)
        .load::<String>(conn);
    match (applied, &mut *conn) {
        (Ok(applied), DbConnection::Sqlite(_)) => compare(&applied, &SQLITE),
        (Ok(applied), DbConnection::Postgres(_)) => compare(&applied, &POSTGRES),
        (Err(_), DbConnection::Sqlite(c)) => state_of(c, &SQLITE),
        (Err(_), DbConnection::Postgres(c)) => state_of(c, &POSTGRES),
        (Ok(applied), DbConnection::Mysql(_)) => compare(&applied, &MYSQL),
        (Err(_), DbConnection::Mysql(c)) => state_of(c, &MYSQL),
    }
}

fn compare(applied: &[String], source: &EmbeddedMigrations) -> Result<SchemaState, StoreError> {
    use diesel::migration::{Migration, MigrationSource};
    // The versions are the same for every backend's folder.
    let known: Vec<String> = MigrationSource::<diesel::sqlite::Sqlite>::migrations(source)
        .map_err(migration_err)?
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    Ok(classify(applied, &known))
}

fn classify<V: PartialEq>(applied: &[V], known: &[V]) -> SchemaState {
    if applied.is_empty() {
        return SchemaState::Empty;
    }
    if applied.iter().any(|v| !known.contains(v)) {
        return SchemaState::Ahead;
    }
    match known.iter().filter(|v| !applied.contains(v)).count() {
        0 => SchemaState::Current,
        pending => SchemaState::Behind(pending),
    }
}

pub(super) fn run(conn: &mut DbConnection) -> Result<Vec<String>, StoreError> {
    let applied: Vec<String> = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES),
        DbConnection::Mysql(c) => c.run_pending_migrations(MYSQL),
    }
    .map_err(migration_err)?
    .iter()
    .map(ToString::to_string)
    .collect();
    // Keys computed in Rust for rows written before their columns existed.
    crate::clients::refresh_keys(conn, None)?;
    crate::events::refresh_search(conn)?;
    Ok(applied)
}
