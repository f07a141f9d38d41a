use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DbConnection, StoreError};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

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
    if applied.is_empty() {
        return Ok(SchemaState::Empty);
    }
    if applied.iter().any(|v| !known.contains(v)) {
        return Ok(SchemaState::Ahead);
    }
    let pending = known.iter().filter(|v| !applied.contains(v)).count();
    Ok(if pending == 0 {
        SchemaState::Current
    } else {
        SchemaState::Behind(pending)
    })
}

pub(super) fn state(conn: &mut DbConnection) -> Result<SchemaState, StoreError> {
    match conn {
        DbConnection::Sqlite(c) => state_of(c, &SQLITE),
        DbConnection::Postgres(c) => state_of(c, &POSTGRES),
    }
}

pub(super) fn run(conn: &mut DbConnection) -> Result<Vec<String>, StoreError> {
    let applied: Vec<String> = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES),
    }
    .map_err(migration_err)?
    .iter()
    .map(ToString::to_string)
    .collect();
    // Keys computed in Rust for rows written before their columns existed.
    crate::clients::refresh_keys(conn, None)?;
    Ok(applied)
}
